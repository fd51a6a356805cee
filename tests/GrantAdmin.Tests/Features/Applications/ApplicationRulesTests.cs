using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Shared;
using GrantAdmin.Web.Infrastructure;
using static GrantAdmin.Tests.Support.Instant;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>The form's shape (Parse), completeness before submitting (CheckComplete) and the submission itself (CheckSubmission).</summary>
public sealed class ApplicationRulesTests
{
    private const string AmountBounds = "Vraag een bedrag van minimaal € 1 en maximaal € 50.000 aan.";
    private const string NoCents = "Vul een bedrag in hele euro's in, zonder centen.";
    private const string OnlyDigits = "Vul een bedrag in hele euro's in, alleen cijfers.";
    private const string EmailShape = "Vul een geldig e-mailadres in, zoals naam@gemeente.nl.";
    private const string PhoneShape = "Vul een geldig telefoonnummer in, zoals 030 123 45 67 of +31 30 123 45 67.";
    private const string StartOutside = "De begindatum moet liggen tussen 1 november 2021 en 30 juni 2024.";
    private const string EndOutside = "De einddatum moet liggen tussen 1 november 2021 en 30 juni 2024.";
    private const string EndBeforeStart = "De einddatum moet op of na de begindatum liggen.";

    /// <summary>A form a gemeente could submit as is in round 2023.</summary>
    private static readonly DraftForm Valid = new()
    {
        ContactName = "Jan Jansen", ContactEmail = "jan.jansen@utrecht.nl", ContactPhone = "030 123 45 67",
        ActivityProjectLeader = true, ActivityResearch = true, ProjectStart = "2023-03-01", ProjectEnd = "2024-06-30",
        RequestedAmount = "50.000", BudgetProjectLeader = "40.000", BudgetResearch = "10.000",
        Iban = "NL91 ABNA 0417 1643 00", AccountHolder = "Gemeente Utrecht",
        StatementTruthful = true, StatementPurpose = true, StatementNoDoubleFunding = true, StatementAccountability = true,
    };

    private static (Draft Draft, Errors Errors) Parse(DraftForm form) => ApplicationRules.Parse(form, TestRounds.Round2023);

    private static Draft ValidDraft => Parse(Valid).Draft;

    [Fact]
    public void ValidForm_NoErrors_AndIsComplete()
    {
        var (draft, errors) = Parse(Valid);
        Assert.Empty(errors);
        Assert.Empty(ApplicationRules.CheckComplete(draft, hasPlan: true));
        Assert.Equal(5_000_000, draft.RequestedCents);
        Assert.Equal(new DateOnly(2023, 3, 1), draft.ProjectStart);
    }

    [Fact]
    public void EmptyForm_NoShapeErrors_ADraftMayBeIncomplete()
    {
        var (draft, errors) = Parse(new DraftForm { ContactEmail = "  ", RequestedAmount = "" });
        Assert.Empty(errors);
        Assert.Null(draft.ContactEmail);
        Assert.Null(draft.RequestedCents);
    }

    // ---- requested amount: whole euros, 1 .. max per applicant ----

    [Theory]
    [InlineData("1", 100L)]
    [InlineData("50000", 5_000_000L)]
    [InlineData("50.000", 5_000_000L)]
    [InlineData("€ 10 000", 1_000_000L)]
    [InlineData("€10.000", 1_000_000L)]
    [InlineData(" 2.500 ", 250_000L)]
    public void RequestedAmount_WholeEurosWithinBounds_Accepted(string text, long cents)
    {
        var (draft, errors) = Parse(Valid with { RequestedAmount = text });
        Assert.False(errors.ContainsKey(nameof(DraftForm.RequestedAmount)), errors.GetValueOrDefault(nameof(DraftForm.RequestedAmount)));
        Assert.Equal(cents, draft.RequestedCents);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("50.001")]
    [InlineData("50001")]
    [InlineData("1.000.000")]
    public void RequestedAmount_OutsideOneToMax_Refused(string text) =>
        Assert.Equal(AmountBounds, Parse(Valid with { RequestedAmount = text }).Errors[nameof(DraftForm.RequestedAmount)]);

    [Fact]
    public void RequestedAmount_MaxComesFromTheRound()
    {
        var round = TestRounds.Round2023 with { MaxPerApplicantCents = 2_500_000 };
        Assert.Equal("Vraag een bedrag van minimaal € 1 en maximaal € 25.000 aan.",
            ApplicationRules.Parse(Valid with { RequestedAmount = "25.001" }, round).Errors[nameof(DraftForm.RequestedAmount)]);
        Assert.Empty(ApplicationRules.Parse(Valid with { RequestedAmount = "25.000", BudgetProjectLeader = "20.000", BudgetResearch = "5.000" }, round).Errors);
    }

    [Theory]
    [InlineData("12,50", NoCents)]
    [InlineData("50.000,00", NoCents)]
    [InlineData("12.50", NoCents)]   // a decimal point is not a thousands separator: this is not € 1.250
    [InlineData("500.00", NoCents)]  // nor is this € 50.000
    [InlineData("1.5", NoCents)]
    [InlineData("abc", OnlyDigits)]
    [InlineData("-5", OnlyDigits)]
    [InlineData("1e4", OnlyDigits)]
    [InlineData("10.0000", OnlyDigits)]
    [InlineData("1..000", OnlyDigits)]
    [InlineData(".", OnlyDigits)]
    [InlineData("€", null)] // only the sign: as good as empty
    public void RequestedAmount_NotWholeEuros_RefusedWithReason(string text, string? expected)
    {
        var (draft, errors) = Parse(Valid with { RequestedAmount = text });
        Assert.Equal(expected, errors.GetValueOrDefault(nameof(DraftForm.RequestedAmount)));
        Assert.Null(draft.RequestedCents);
    }

    [Fact]
    public void BudgetFields_SameEuroRules_ErrorOnTheirOwnField()
    {
        var errors = Parse(Valid with { BudgetProjectLeader = "39.999,50", BudgetResearch = "tienduizend" }).Errors;
        Assert.Equal(NoCents, errors[nameof(DraftForm.BudgetProjectLeader)]);
        Assert.Equal(OnlyDigits, errors[nameof(DraftForm.BudgetResearch)]);
        Assert.False(errors.ContainsKey(nameof(DraftForm.RequestedAmount)));
    }

    // ---- budget split and activities (completeness) ----

    [Theory]
    [InlineData("40.000", "9.999", "€ 49.999,00")]
    [InlineData("40.000", "10.001", "€ 50.001,00")]
    [InlineData("1", "1", "€ 2,00")]
    public void BudgetSplit_NotAddingUpToRequested_Refused(string leader, string research, string total)
    {
        var draft = Parse(Valid with { BudgetProjectLeader = leader, BudgetResearch = research }).Draft;
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal(
            $"De begroting telt op tot {total}, maar u vraagt € 50.000,00 aan. Zorg dat de verdeling precies optelt tot het gevraagde bedrag.",
            Assert.Single(errors).Value);
    }

    [Fact]
    public void BudgetSplit_OneActivityCarryingTheWholeAmount_Complete()
    {
        var draft = Parse(Valid with { ActivityResearch = false, BudgetProjectLeader = "50.000", BudgetResearch = null }).Draft;
        Assert.Empty(ApplicationRules.CheckComplete(draft, hasPlan: true));
    }

    [Fact]
    public void Activities_NoneChosen_Refused()
    {
        var draft = ValidDraft with { ActivityProjectLeader = false, ActivityResearch = false, BudgetProjectLeaderCents = null, BudgetResearchCents = null };
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal("Kies ten minste één activiteit: een projectleider, onderzoek of allebei.", errors[nameof(DraftForm.ActivityProjectLeader)]);
    }

    [Fact]
    public void Activities_BudgetForUnchosenResearch_Refused()
    {
        var draft = ValidDraft with { ActivityResearch = false };
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal("U hebt geen onderzoek gekozen: laat dit bedrag leeg of kies de activiteit.", errors[nameof(DraftForm.BudgetResearch)]);
    }

    [Fact]
    public void Activities_BudgetForUnchosenProjectLeader_Refused()
    {
        var draft = ValidDraft with { ActivityProjectLeader = false };
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal("U hebt geen projectleider gekozen: laat dit bedrag leeg of kies de activiteit.", errors[nameof(DraftForm.BudgetProjectLeader)]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    public void Activities_ChosenWithoutBudget_AsksForIt(long? researchCents)
    {
        var draft = ValidDraft with { BudgetResearchCents = researchCents, BudgetProjectLeaderCents = 5_000_000 };
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal("Vul in welk deel van het bedrag naar onderzoek gaat.", Assert.Single(errors).Value);
    }

    // ---- project dates: within the round's activities period, end on or after start ----

    [Theory]
    [InlineData("2021-11-01", "2024-06-30")]
    [InlineData("2023-05-01", "2023-05-01")]
    [InlineData("1-11-2021", "30/6/2024")] // the Dutch way of writing them
    public void Dates_WithinActivitiesPeriod_Accepted(string start, string end) =>
        Assert.Empty(Parse(Valid with { ProjectStart = start, ProjectEnd = end }).Errors);

    [Theory]
    [InlineData("2021-10-31", "2023-01-01", nameof(DraftForm.ProjectStart), StartOutside)]
    [InlineData("2024-07-01", "2024-07-01", nameof(DraftForm.ProjectStart), StartOutside)]
    [InlineData("2023-01-01", "2024-07-01", nameof(DraftForm.ProjectEnd), EndOutside)]
    [InlineData("2023-01-01", "2021-10-31", nameof(DraftForm.ProjectEnd), EndOutside)]
    [InlineData("2023-06-01", "2023-05-31", nameof(DraftForm.ProjectEnd), EndBeforeStart)]
    public void Dates_OutsidePeriodOrEndBeforeStart_Refused(string start, string end, string field, string message) =>
        Assert.Equal(message, Parse(Valid with { ProjectStart = start, ProjectEnd = end }).Errors[field]);

    [Theory]
    [InlineData("31-02-2023")]
    [InlineData("2023-13-01")]
    [InlineData("morgen")]
    [InlineData("01.03.2023")]
    public void Dates_NotADate_Refused(string text) =>
        Assert.Equal("Vul een geldige begindatum in, zoals 1-3-2023.", Parse(Valid with { ProjectStart = text }).Errors[nameof(DraftForm.ProjectStart)]);

    // ---- contact details ----

    [Theory]
    [InlineData("naam@gemeente.nl")]
    [InlineData("jan.jansen@utrecht.nl")]
    [InlineData("j.de-vries@s-hertogenbosch.nl")]
    [InlineData(" info@gemeente.example ")]
    public void Email_WellFormed_Accepted(string email) =>
        Assert.False(Parse(Valid with { ContactEmail = email }).Errors.ContainsKey(nameof(DraftForm.ContactEmail)));

    [Theory]
    [InlineData("naam")]
    [InlineData("naam@")]
    [InlineData("@gemeente.nl")]
    [InlineData("naam@gemeente")]
    [InlineData("jan.jansen@gemeente")] // a dot, but none in the domain
    [InlineData("jan@@gemeente.nl")]
    [InlineData("jan jansen@gemeente.nl")]
    [InlineData("Jan <jan@gemeente.nl>")]
    public void Email_Malformed_Refused(string email) =>
        Assert.Equal(EmailShape, Parse(Valid with { ContactEmail = email }).Errors[nameof(DraftForm.ContactEmail)]);

    [Theory]
    [InlineData("030 123 45 67")]
    [InlineData("+31 30 123 45 67")]
    [InlineData("06-12345678")]
    [InlineData("+31 (0)30 1234567")]
    [InlineData("0301234567")]
    public void Phone_WellFormed_Accepted(string phone) =>
        Assert.False(Parse(Valid with { ContactPhone = phone }).Errors.ContainsKey(nameof(DraftForm.ContactPhone)));

    [Theory]
    [InlineData("12345")]
    [InlineData("030-123456")]             // 9 digits
    [InlineData("+31 30 123 45 67 89 012")] // 16 digits
    [InlineData("030 123 45 67 toestel 2")]
    [InlineData("bel de receptie")]
    public void Phone_Malformed_Refused(string phone) =>
        Assert.Equal(PhoneShape, Parse(Valid with { ContactPhone = phone }).Errors[nameof(DraftForm.ContactPhone)]);

    [Fact]
    public void Iban_SpacesAndLowercase_StoredNormalized()
    {
        var (draft, errors) = Parse(Valid with { Iban = " nl91 abna 0417 1643 00 " });
        Assert.Empty(errors);
        Assert.Equal("NL91ABNA0417164300", draft.Iban);
    }

    [Fact]
    public void Iban_WrongCheckDigits_Refused() =>
        Assert.Equal("Vul een geldig IBAN in, zoals NL91 ABNA 0417 1643 00. Controleer de cijfers.",
            Parse(Valid with { Iban = "NL92 ABNA 0417 1643 00" }).Errors[nameof(DraftForm.Iban)]);

    // ---- completeness ----

    [Fact]
    public void CheckComplete_EmptyDraft_ListsEveryMissingPart()
    {
        var empty = Parse(new DraftForm()).Draft;
        var errors = ApplicationRules.CheckComplete(empty, hasPlan: false);
        var expected = new Dictionary<string, string>
        {
            [nameof(DraftForm.ContactName)] = "Vul de naam van de contactpersoon in.",
            [nameof(DraftForm.ContactEmail)] = "Vul het e-mailadres van de contactpersoon in.",
            [nameof(DraftForm.ContactPhone)] = "Vul het telefoonnummer van de contactpersoon in.",
            [nameof(DraftForm.ActivityProjectLeader)] = "Kies ten minste één activiteit: een projectleider, onderzoek of allebei.",
            [nameof(DraftForm.ProjectStart)] = "Vul de begindatum van het project in.",
            [nameof(DraftForm.ProjectEnd)] = "Vul de einddatum van het project in.",
            [nameof(DraftForm.RequestedAmount)] = "Vul het gevraagde bedrag in hele euro's in.",
            [nameof(DraftForm.Iban)] = "Vul het IBAN van de gemeente in.",
            [nameof(DraftForm.AccountHolder)] = "Vul de tenaamstelling van de rekening in.",
            [nameof(DraftForm.StatementTruthful)] = "Bevestig dat de aanvraag naar waarheid is ingevuld.",
            [nameof(DraftForm.StatementPurpose)] = "Bevestig waaraan de uitkering wordt besteed.",
            [nameof(DraftForm.StatementNoDoubleFunding)] = "Bevestig dat er geen andere rijksbijdrage voor deze activiteiten is.",
            [nameof(DraftForm.StatementAccountability)] = "Bevestig dat de gemeente verantwoordt via SiSa.",
            ["Plan"] = "Voeg het projectplan toe (PDF, DOCX of ODT).",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), errors.OrderBy(e => e.Key));
    }

    [Fact]
    public void CheckComplete_BothActivitiesWithoutBudget_AsksForBoth()
    {
        var draft = ValidDraft with { BudgetProjectLeaderCents = null, BudgetResearchCents = null };
        var errors = ApplicationRules.CheckComplete(draft, hasPlan: true);
        Assert.Equal("Vul in welk deel van het bedrag naar de projectleider gaat.", errors[nameof(DraftForm.BudgetProjectLeader)]);
        Assert.Equal("Vul in welk deel van het bedrag naar onderzoek gaat.", errors[nameof(DraftForm.BudgetResearch)]);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void CheckComplete_OnlyThePlanMissing_AsksForThePlan() =>
        Assert.Equal(["Plan"], ApplicationRules.CheckComplete(ValidDraft, hasPlan: false).Keys);

    // ---- submission ----

    private static readonly DateTime DuringRound2023 = Utc("2023-02-01T09:00:00Z");

    private static ApplicationRules.SubmissionFacts Facts(ApplicationState state = ApplicationState.Concept, Round? round = null,
        bool inRoundList = true, string? earlierGrantRound = null) =>
        new(state, round ?? TestRounds.Round2023, inRoundList, earlierGrantRound);

    [Fact]
    public void CheckSubmission_ConceptInOpenRound_Accepted() =>
        Assert.Empty(ApplicationRules.CheckSubmission(Facts(), DuringRound2023));

    [Theory]
    [InlineData(ApplicationState.Ingediend)]
    [InlineData(ApplicationState.InBehandeling)]
    [InlineData(ApplicationState.Ingetrokken)]
    [InlineData(ApplicationState.Verleend)]
    public void CheckSubmission_NotConcept_RefusedAsAlreadySubmitted(ApplicationState state)
    {
        // Even when everything else is wrong too, the only thing to say is that it was already submitted.
        var errors = ApplicationRules.CheckSubmission(Facts(state, inRoundList: false, earlierGrantRound: "Tijdvak 2022"), Utc("2024-01-01T00:00:00Z"));
        Assert.Equal(new Dictionary<string, string> { [FormLevel.Status] = "Deze aanvraag is al ingediend. U kunt haar niet nog een keer indienen." }, errors);
    }

    [Fact]
    public void CheckSubmission_BeforeOpening_Refused() =>
        Assert.Equal("Tijdvak 2023 is nog niet open. U kunt indienen vanaf 1 januari 2023 om 00:00 uur.",
            ApplicationRules.CheckSubmission(Facts(), Utc("2022-12-31T22:59:59.999999Z"))[FormLevel.Window]);

    [Fact]
    public void CheckSubmission_AfterClosing_Refused() =>
        Assert.Equal("Tijdvak 2023 is gesloten. Indienen kon tot en met 28 april 2023 om 23:59:59 uur.",
            ApplicationRules.CheckSubmission(Facts(), Utc("2023-04-28T22:00:00Z"))[FormLevel.Window]);

    [Fact]
    public void CheckSubmission_LastMicrosecondOfClosingDay_Accepted() =>
        Assert.Empty(ApplicationRules.CheckSubmission(Facts(), Utc("2023-04-28T21:59:59.999999Z")));

    [Fact]
    public void CheckSubmission_EarlierGrantWithOneGrantPolicy_Refused() =>
        Assert.Equal("Uw gemeente heeft de uitkering al ontvangen in Tijdvak 2022. De uitkering is eenmalig; een nieuwe aanvraag is niet mogelijk.",
            Assert.Single(ApplicationRules.CheckSubmission(Facts(earlierGrantRound: "Tijdvak 2022"), DuringRound2023), e => e.Key == FormLevel.OneGrant).Value);

    [Fact]
    public void CheckSubmission_EarlierGrantWithPolicyOff_Accepted() =>
        Assert.Empty(ApplicationRules.CheckSubmission(
            Facts(round: TestRounds.Round2023 with { OneGrantPerApplicant = false }, earlierGrantRound: "Tijdvak 2022"), DuringRound2023));

    [Fact]
    public void CheckSubmission_GemeenteNotInRoundList_Refused() =>
        Assert.Equal(new Dictionary<string, string> { [FormLevel.RoundList] = "Uw gemeente staat niet in de gemeentelijst van dit tijdvak en kan hier niet aanvragen." },
            ApplicationRules.CheckSubmission(Facts(inRoundList: false), DuringRound2023));

    [Fact]
    public void CheckSubmission_SeveralProblems_ReportsEach()
    {
        var errors = ApplicationRules.CheckSubmission(Facts(inRoundList: false, earlierGrantRound: "Tijdvak 2022"), Utc("2023-05-01T10:00:00Z"));
        Assert.Equal([FormLevel.OneGrant, FormLevel.RoundList, FormLevel.Window], errors.Keys.Order(StringComparer.Ordinal));
    }
}
