using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>The rules of a participant's form, as pure functions returning field → Dutch message pairs.</summary>
public static class ParticipantRules
{
    public const string Gemeente = "Gemeente";
    public const string Regio = "Regio";

    /// <summary>A gemeente already in another participant of the same lichting.</summary>
    public sealed record Clash(string Gemeente, string Participant, string Cohort);

    /// <summary>What the handler found out before the rules run.</summary>
    public sealed record Facts(bool CohortExists, IReadOnlyList<int> MemberIds, IReadOnlyList<string> UnknownLines, IReadOnlyList<Clash> Clashes);

    /// <summary>A date as the date field sends it (2021-03-02) or as a person types it (2-3-2021).</summary>
    public static bool TryParseDate(string? text, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!Shared.DutchDate.TryParse(text, out var parsed)) return false;
        date = parsed;
        return true;
    }

    /// <summary>The lines of the gemeenten field, trimmed, without empty lines.</summary>
    public static IReadOnlyList<string> MemberLines(string? members) =>
        (members ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public static Errors Check(EditParticipant.Form form, Facts facts)
    {
        var errors = new Errors();
        var kindValid = form.Kind is Gemeente or Regio;
        errors.Add(nameof(form.Kind), "Kies of de deelnemer een gemeente is of een regio van gemeenten.", !kindValid);
        errors.Add(nameof(form.Name), "Vul de naam van de regio in.", form.Kind == Regio && string.IsNullOrWhiteSpace(form.Name));
        errors.Add(nameof(form.Name), "Gebruik voor de naam hoogstens 200 tekens.", (form.Name?.Trim().Length ?? 0) > 200);

        errors.Add(nameof(form.CohortId), "Kies een bestaande lichting, of „onbekend”.", !facts.CohortExists);
        errors.Add(nameof(form.CohortNote), "De lichting is onbekend: vermeld wat de bron er wel over zegt, bijvoorbeeld „lichting 1 of 2”.",
            facts.CohortExists && string.IsNullOrWhiteSpace(form.CohortId) && string.IsNullOrWhiteSpace(form.CohortNote));

        var startValid = TryParseDate(form.StartsOn, out var start);
        var endValid = TryParseDate(form.EndsOn, out var end);
        errors.Add(nameof(form.StartsOn), "Vul de startdatum in als dag-maand-jaar, bijvoorbeeld 2-3-2021.", !startValid);
        errors.Add(nameof(form.EndsOn), "Vul de einddatum in als dag-maand-jaar, bijvoorbeeld 31-12-2022.", !endValid);
        errors.Add(nameof(form.EndsOn), "De einddatum ligt vóór de startdatum. Vul een einddatum in op of na de startdatum.", start is { } s && end is { } e && e < s);

        errors.Add(nameof(form.Members), $"Onbekende gemeente: {string.Join(", ", facts.UnknownLines)}. Gebruik de naam of de CBS-code (zoals GM0664) uit de gemeentelijst.",
            facts.UnknownLines.Count > 0);
        if (facts.UnknownLines.Count == 0 && kindValid)
        {
            var count = facts.MemberIds.Count;
            errors.Add(nameof(form.Members), "Vul de gemeente in waarvoor deze deelnemer meedoet.", form.Kind == Gemeente && count == 0);
            errors.Add(nameof(form.Members), "Een gemeente als deelnemer omvat precies één gemeente. Kies „regio” voor meer gemeenten samen.", form.Kind == Gemeente && count > 1);
            errors.Add(nameof(form.MembersUnknown), "Alleen bij een regio kunnen de gemeenten onbekend zijn.", form.Kind == Gemeente && form.MembersUnknown);
            errors.Add(nameof(form.Members), "Vul de gemeenten van de regio in. Alleen als de bron ze niet noemt, vinkt u „gemeenten onbekend” aan.",
                form.Kind == Regio && count == 0 && !form.MembersUnknown);
            errors.Add(nameof(form.MembersUnknown), "U vinkte „gemeenten onbekend” aan, maar vulde ook gemeenten in. Kies één van beide.",
                form.Kind == Regio && count > 0 && form.MembersUnknown);
            errors.Add(nameof(form.Source), "Vermeld de bron die zegt dat de gemeenten van de regio niet bekend zijn.",
                form.Kind == Regio && count == 0 && form.MembersUnknown && string.IsNullOrWhiteSpace(form.Source));
        }
        errors.Add(nameof(form.Members), string.Join(" ", facts.Clashes.Select(c => $"{c.Gemeente} doet in {c.Cohort} al mee via „{c.Participant}”.")) +
            " Een gemeente doet per lichting één keer mee.", facts.Clashes.Count > 0);
        return errors;
    }

    public static Errors CheckEnd(string? endsOn, DateOnly? startsOn, DateOnly? endedOn)
    {
        var valid = TryParseDate(endsOn, out var end);
        return new Errors()
            .Add("EndsOn", "Deze deelname is al beëindigd.", endedOn is not null)
            .Add("EndsOn", "Vul de einddatum in.", valid && end is null)
            .Add("EndsOn", "Vul de einddatum in als dag-maand-jaar, bijvoorbeeld 31-12-2022.", !valid)
            .Add("EndsOn", "De einddatum ligt vóór de startdatum. Vul een einddatum in op of na de startdatum.", end is { } e && startsOn is { } s && e < s);
    }
}
