using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Applications;

/// <summary>What the applicant typed: text, so every wrong value gets our own Dutch message.</summary>
public sealed record DraftForm
{
    [MaxText(TextSize.Name)] public string? ContactName { get; init; }
    [MaxText(TextSize.Email)] public string? ContactEmail { get; init; }
    [MaxText(TextSize.Phone)] public string? ContactPhone { get; init; }
    public bool ActivityProjectLeader { get; init; }
    public bool ActivityResearch { get; init; }
    [MaxText(TextSize.Value)] public string? ProjectStart { get; init; }
    [MaxText(TextSize.Value)] public string? ProjectEnd { get; init; }
    [MaxText(TextSize.Value)] public string? RequestedAmount { get; init; }
    [MaxText(TextSize.Value)] public string? BudgetProjectLeader { get; init; }
    [MaxText(TextSize.Value)] public string? BudgetResearch { get; init; }
    [MaxText(TextSize.Iban)] public string? Iban { get; init; }
    [MaxText(TextSize.Name)] public string? AccountHolder { get; init; }
    public bool StatementTruthful { get; init; }
    public bool StatementPurpose { get; init; }
    public bool StatementNoDoubleFunding { get; init; }
    public bool StatementAccountability { get; init; }
    /// <summary>The plan already uploaded for this form (kept when the form comes back with errors).</summary>
    public int? PlanId { get; init; }

    /// <summary>The fields as _DraftFields shows them, so an error summary reads in the order of the form.</summary>
    public static readonly IReadOnlyList<string> FieldOrder =
    [
        nameof(ContactName), nameof(ContactEmail), nameof(ContactPhone), nameof(ActivityProjectLeader), nameof(ProjectStart), nameof(ProjectEnd),
        nameof(RequestedAmount), nameof(BudgetProjectLeader), nameof(BudgetResearch), nameof(Iban), nameof(AccountHolder), "Plan",
        nameof(StatementTruthful), nameof(StatementPurpose), nameof(StatementNoDoubleFunding), nameof(StatementAccountability),
    ];
}

/// <summary>What the application form's fields need: the same fields serve the draft and the supplement.</summary>
public sealed record DraftFields(int ApplicationId, Round Round, DraftForm Form, PlanVersion? Plan);

/// <summary>A draft in domain values; any part may still be missing.</summary>
public sealed record Draft(string? ContactName, string? ContactEmail, string? ContactPhone, bool ActivityProjectLeader,
    bool ActivityResearch, DateOnly? ProjectStart, DateOnly? ProjectEnd, long? RequestedCents, long? BudgetProjectLeaderCents,
    long? BudgetResearchCents, string? Iban, string? AccountHolder, bool StatementTruthful, bool StatementPurpose,
    bool StatementNoDoubleFunding, bool StatementAccountability)
{
    public DraftForm ToForm(int? planId) => new()
    {
        ContactName = ContactName, ContactEmail = ContactEmail, ContactPhone = ContactPhone,
        ActivityProjectLeader = ActivityProjectLeader, ActivityResearch = ActivityResearch,
        ProjectStart = ProjectStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ProjectEnd = ProjectEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        RequestedAmount = ApplicationRules.FormatEuros(RequestedCents), BudgetProjectLeader = ApplicationRules.FormatEuros(BudgetProjectLeaderCents),
        BudgetResearch = ApplicationRules.FormatEuros(BudgetResearchCents), Iban = Iban is null ? null : Applications.Iban.Format(Iban),
        AccountHolder = AccountHolder, StatementTruthful = StatementTruthful, StatementPurpose = StatementPurpose,
        StatementNoDoubleFunding = StatementNoDoubleFunding, StatementAccountability = StatementAccountability, PlanId = planId,
    };
}

/// <summary>The statements the regulation asks the college to make; all four are needed to submit.</summary>
public static class Statements
{
    public const string Truthful = "Het college verklaart dat deze aanvraag en het projectplan naar waarheid zijn ingevuld.";
    public const string Purpose = "De uitkering wordt alleen besteed aan de activiteiten van artikel 3 van de regeling: een projectleider en/of onderzoek ter versterking van de onafhankelijke cliëntondersteuning.";
    public const string NoDoubleFunding = "Voor deze activiteiten ontvangt de gemeente geen andere bijdrage van het Rijk.";
    public const string Accountability = "De gemeente legt over de besteding verantwoording af via SiSa.";
}

/// <summary>Validation of the application form and the submission: plain values in, field → Dutch message out.</summary>
public static partial class ApplicationRules
{
    public static string? FormatEuros(long? cents) => cents is null ? null : (cents.Value / 100).ToString("N0", Amsterdam.Culture);

    /// <summary>
    /// Shape: every filled field must be well-formed and within bounds. Empty fields are allowed in a draft;
    /// <see cref="CheckComplete"/> asks for them when submitting.
    /// </summary>
    public static (Draft Draft, Errors Errors) Parse(DraftForm form, Round round)
    {
        var errors = new Errors();
        var email = Clean(form.ContactEmail);
        errors.Add(nameof(DraftForm.ContactEmail), "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.", email is not null && !IsEmail(email));
        var phone = Clean(form.ContactPhone);
        errors.Add(nameof(DraftForm.ContactPhone), "Vul een geldig telefoonnummer in, zoals 030 123 45 67 of +31 30 123 45 67.", phone is not null && !IsPhone(phone));

        var start = ParseDate(form.ProjectStart, nameof(DraftForm.ProjectStart), "begindatum", errors);
        var end = ParseDate(form.ProjectEnd, nameof(DraftForm.ProjectEnd), "einddatum", errors);
        var period = $"tussen {Amsterdam.FormatDate(round.ActivitiesFrom)} en {Amsterdam.FormatDate(round.ActivitiesUntil)}";
        errors.Add(nameof(DraftForm.ProjectStart), $"De begindatum moet liggen {period}.", start is { } s && (s < round.ActivitiesFrom || s > round.ActivitiesUntil));
        errors.Add(nameof(DraftForm.ProjectEnd), $"De einddatum moet liggen {period}.", end is { } e && (e < round.ActivitiesFrom || e > round.ActivitiesUntil));
        errors.Add(nameof(DraftForm.ProjectEnd), "De einddatum moet op of na de begindatum liggen.", start is { } s2 && end is { } e2 && e2 < s2);

        var max = FormatEuros(round.MaxPerApplicantCents);
        var requested = ParseEuros(form.RequestedAmount, nameof(DraftForm.RequestedAmount), errors);
        errors.Add(nameof(DraftForm.RequestedAmount), $"Vraag een bedrag van minimaal € 1 en maximaal € {max} aan.",
            requested is { } r && (r < 100 || r > round.MaxPerApplicantCents));
        var leader = ParseEuros(form.BudgetProjectLeader, nameof(DraftForm.BudgetProjectLeader), errors);
        var research = ParseEuros(form.BudgetResearch, nameof(DraftForm.BudgetResearch), errors);

        var iban = Clean(form.Iban);
        errors.Add(nameof(DraftForm.Iban), "Vul een geldig IBAN in, zoals NL91 ABNA 0417 1643 00. Controleer de cijfers.", iban is not null && !Applications.Iban.IsValid(iban));

        var draft = new Draft(Clean(form.ContactName), email, phone, form.ActivityProjectLeader, form.ActivityResearch, start, end,
            requested, leader, research, iban is null ? null : Applications.Iban.Normalize(iban),
            Clean(form.AccountHolder), form.StatementTruthful, form.StatementPurpose, form.StatementNoDoubleFunding, form.StatementAccountability);
        return (draft, errors);
    }

    /// <summary>Everything the regulation asks before an application can be submitted.</summary>
    public static Errors CheckComplete(Draft d, bool hasPlan)
    {
        var errors = new Errors()
            .Add(nameof(DraftForm.ContactName), "Vul de naam van de contactpersoon in.", d.ContactName is null)
            .Add(nameof(DraftForm.ContactEmail), "Vul het e-mailadres van de contactpersoon in.", d.ContactEmail is null)
            .Add(nameof(DraftForm.ContactPhone), "Vul het telefoonnummer van de contactpersoon in.", d.ContactPhone is null)
            .Add(nameof(DraftForm.ActivityProjectLeader), "Kies ten minste één activiteit: een projectleider, onderzoek of allebei.", !d.ActivityProjectLeader && !d.ActivityResearch)
            .Add(nameof(DraftForm.ProjectStart), "Vul de begindatum van het project in.", d.ProjectStart is null)
            .Add(nameof(DraftForm.ProjectEnd), "Vul de einddatum van het project in.", d.ProjectEnd is null)
            .Add(nameof(DraftForm.RequestedAmount), "Vul het gevraagde bedrag in hele euro's in.", d.RequestedCents is null)
            .Add(nameof(DraftForm.BudgetProjectLeader), "Vul in welk deel van het bedrag naar de projectleider gaat.", d.ActivityProjectLeader && d.BudgetProjectLeaderCents is null or 0)
            .Add(nameof(DraftForm.BudgetResearch), "Vul in welk deel van het bedrag naar onderzoek gaat.", d.ActivityResearch && d.BudgetResearchCents is null or 0)
            .Add(nameof(DraftForm.BudgetProjectLeader), "U hebt geen projectleider gekozen: laat dit bedrag leeg of kies de activiteit.", !d.ActivityProjectLeader && d.BudgetProjectLeaderCents is > 0)
            .Add(nameof(DraftForm.BudgetResearch), "U hebt geen onderzoek gekozen: laat dit bedrag leeg of kies de activiteit.", !d.ActivityResearch && d.BudgetResearchCents is > 0)
            .Add(nameof(DraftForm.Iban), "Vul het IBAN van de gemeente in.", d.Iban is null)
            .Add(nameof(DraftForm.AccountHolder), "Vul de tenaamstelling van de rekening in.", d.AccountHolder is null)
            .Add(nameof(DraftForm.StatementTruthful), "Bevestig dat de aanvraag naar waarheid is ingevuld.", !d.StatementTruthful)
            .Add(nameof(DraftForm.StatementPurpose), "Bevestig waaraan de uitkering wordt besteed.", !d.StatementPurpose)
            .Add(nameof(DraftForm.StatementNoDoubleFunding), "Bevestig dat er geen andere rijksbijdrage voor deze activiteiten is.", !d.StatementNoDoubleFunding)
            .Add(nameof(DraftForm.StatementAccountability), "Bevestig dat de gemeente verantwoordt via SiSa.", !d.StatementAccountability)
            .Add("Plan", "Voeg het projectplan toe (PDF, DOCX of ODT).", !hasPlan);
        var split = (d.BudgetProjectLeaderCents ?? 0) + (d.BudgetResearchCents ?? 0);
        errors.Add(nameof(DraftForm.BudgetProjectLeader),
            $"De begroting telt op tot {Money.Euros(split)}, maar u vraagt {Money.Euros(d.RequestedCents ?? 0)} aan. Zorg dat de verdeling precies optelt tot het gevraagde bedrag.",
            d.RequestedCents is { } requested && split != requested && !errors.ContainsKey(nameof(DraftForm.BudgetProjectLeader)));
        return errors;
    }

    /// <summary>The facts a submission is judged on, read inside the submitting transaction.</summary>
    public sealed record SubmissionFacts(ApplicationState State, Round Round, bool InRoundList, string? EarlierGrantRound);

    public static Errors CheckSubmission(SubmissionFacts facts, DateTime receiptUtc)
    {
        var errors = new Errors();
        if (facts.State != ApplicationState.Concept)
            return errors.Add(FormLevel.Status, "Deze aanvraag is al ingediend. U kunt haar niet nog een keer indienen.", true);
        var window = facts.Round.Window;
        errors.Add(FormLevel.Window, $"{facts.Round.Name} is nog niet open. U kunt indienen vanaf {Amsterdam.FormatDate(facts.Round.OpensOn)} om 00:00 uur.",
            window.StatusAt(receiptUtc) == WindowStatus.NotYetOpen);
        errors.Add(FormLevel.Window, $"{facts.Round.Name} is gesloten. Indienen kon tot en met {Amsterdam.FormatDate(facts.Round.ClosesOn)} om 23:59:59 uur.",
            window.StatusAt(receiptUtc) == WindowStatus.Closed);
        errors.Add(FormLevel.OneGrant, $"Uw gemeente heeft de uitkering al ontvangen in {facts.EarlierGrantRound}. De uitkering is eenmalig; een nieuwe aanvraag is niet mogelijk.",
            facts.Round.OneGrantPerApplicant && facts.EarlierGrantRound is not null);
        errors.Add(FormLevel.RoundList, "Uw gemeente staat niet in de gemeentelijst van dit tijdvak en kan hier niet aanvragen.", !facts.InRoundList);
        return errors;
    }

    /// <summary>
    /// The receipt moment: now to the microsecond, but always after the round's previous receipt, so that
    /// receipt order, kenmerk order and the order in which the database serialised the submissions agree.
    /// </summary>
    public static DateTime NextReceiptMoment(DateTime nowUtc, DateTime? previousUtc)
    {
        var now = Amsterdam.TruncateToMicroseconds(nowUtc);
        return previousUtc is { } previous && now <= previous ? DateTime.SpecifyKind(previous, DateTimeKind.Utc).AddTicks(10) : now;
    }

    public static string Kenmerk(string prefix, int number) => $"{prefix}-{number.ToString("D6", CultureInfo.InvariantCulture)}";

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && address.Host.Contains('.', StringComparison.Ordinal) && value.Length <= 256;

    private static bool IsPhone(string value)
    {
        var digits = value.Count(char.IsAsciiDigit);
        return value.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')') && digits is >= 10 and <= 15;
    }

    internal static DateOnly? ParseDate(string? value, string field, string what, Errors errors)
    {
        var text = Clean(value);
        if (text is null) return null;
        if (Shared.DutchDate.TryParse(text, out var date)) return date;
        errors.Add(field, $"Vul een geldige {what} in, zoals 1-3-2023.", true);
        return null;
    }

    /// <summary>
    /// Whole euros; dots or spaces as thousands separators are fine (only between groups of three digits, so
    /// "12.50" is not read as € 1.250), cents are not.
    /// </summary>
    private static long? ParseEuros(string? value, string field, Errors errors)
    {
        var text = Clean(value)?.Replace("€", "", StringComparison.Ordinal).Trim();
        if (string.IsNullOrEmpty(text)) return null;
        var digits = text.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (WholeEuros().IsMatch(text) && digits.Length <= 12)
            return long.Parse(digits, CultureInfo.InvariantCulture) * 100;
        errors.Add(field, text.Contains(',', StringComparison.Ordinal) || DecimalPointCents().IsMatch(text)
            ? "Vul een bedrag in hele euro's in, zonder centen."
            : "Vul een bedrag in hele euro's in, alleen cijfers.", true);
        return null;
    }

    [GeneratedRegex("^(?:[0-9]+|[0-9]{1,3}(?:[. ][0-9]{3})+)$")]
    private static partial Regex WholeEuros();

    [GeneratedRegex(@"^[0-9]+\.[0-9]{1,2}$")]
    private static partial Regex DecimalPointCents();
}
