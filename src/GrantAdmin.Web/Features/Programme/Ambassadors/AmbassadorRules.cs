using System.Globalization;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>A gemeente as the ambassador rules see it. Current: in the latest gemeente list and not merged into another.</summary>
public sealed record Gemeente(int Id, string Code, string Name, string? RegionCode, string? RegionName, bool IsKoploper, bool IsCurrent);

/// <summary>The ambassador's rules, pure: no database, no clock.</summary>
public static class AmbassadorRules
{
    public static readonly IReadOnlyList<string> ContactKinds = ["Overleg", "Telefoon", "E-mail", "Regiobijeenkomst"];

    /// <summary>
    /// The default targets of an ambassador: the other gemeenten of the veiligheidsregio(s) of its member gemeenten
    /// that are not koploper themselves (and still exist), by name.
    /// </summary>
    public static IReadOnlyList<Gemeente> SuggestTargets(IEnumerable<Gemeente> members, IEnumerable<Gemeente> gemeenten)
    {
        var memberList = members.ToList();
        var memberIds = memberList.Select(m => m.Id).ToHashSet();
        var regions = memberList.Select(m => m.RegionCode).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return gemeenten
            .Where(g => g.RegionCode is not null && regions.Contains(g.RegionCode))
            .Where(g => g.IsCurrent && !g.IsKoploper && !memberIds.Contains(g.Id))
            .DistinctBy(g => g.Id)
            .OrderBy(g => g.Name, StringComparer.Create(Amsterdam.Culture, ignoreCase: true))
            .ToList();
    }

    /// <summary>Finds the gemeente typed in (name or CBS code, any case) among the current ones.</summary>
    public static Gemeente? Find(string? typed, IEnumerable<Gemeente> gemeenten)
    {
        var text = typed?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        return gemeenten.Where(g => g.IsCurrent).FirstOrDefault(g =>
            string.Equals(g.Code, text, StringComparison.OrdinalIgnoreCase) || string.Equals(g.Name, text, StringComparison.OrdinalIgnoreCase));
    }

    public static Errors CheckTarget(string field, string? typed, Gemeente? found, IReadOnlySet<int> memberIds, IReadOnlySet<int> targetIds)
    {
        var errors = new Errors();
        if (string.IsNullOrWhiteSpace(typed)) return errors.Add(field, "Vul de naam of CBS-code van de gemeente in.", true);
        if (found is null) return errors.Add(field, $"De gemeente ‘{typed.Trim()}’ kennen we niet. Kies een bestaande gemeente uit de lijst (naam of CBS-code, zoals GM0664).", true);
        errors.Add(field, $"{found.Name} is zelf lid van deze deelnemer en kan geen doelgemeente zijn.", memberIds.Contains(found.Id));
        errors.Add(field, $"{found.Name} is al een doelgemeente van deze ambassadeur.", targetIds.Contains(found.Id));
        return errors;
    }

    /// <summary>The date the participant became ambassador: a real date, not in the future.</summary>
    public static Errors CheckSince(string field, string? typed, DateOnly today, out DateOnly since)
    {
        var errors = new Errors();
        if (!TryParseDate(typed, out since))
            return errors.Add(field, "Vul de datum in sinds wanneer de deelnemer ambassadeur is, bijvoorbeeld 1-9-2019.", true);
        return errors.Add(field, "De datum ligt in de toekomst. Vul de datum in waarop de deelnemer ambassadeur werd.", since > today);
    }

    public sealed record ContactFacts(int? TargetId, string? ContactedOn, string? Kind, string? ContactedBy, string? Outcome);

    /// <summary>A contact with a target gemeente: who, when (not in the future, not before the ambassadorship), how and with what outcome.</summary>
    public static Errors CheckContact(ContactFacts facts, IReadOnlySet<int> targetIds, DateOnly? ambassadorSince, DateOnly today, out DateOnly contactedOn)
    {
        var errors = new Errors();
        errors.Add("Target", "Kies een doelgemeente van deze ambassadeur.", facts.TargetId is not { } id || !targetIds.Contains(id));
        if (!TryParseDate(facts.ContactedOn, out contactedOn))
            errors.Add("ContactedOn", "Vul de datum van het contact in, bijvoorbeeld 14-3-2023.", true);
        else if (contactedOn > today)
            errors.Add("ContactedOn", "De datum van het contact ligt in de toekomst. Leg alleen contacten vast die al geweest zijn.", true);
        else if (ambassadorSince is { } since && contactedOn < since)
            errors.Add("ContactedOn", $"De datum ligt vóór {Amsterdam.FormatDate(since)}, de dag waarop de deelnemer ambassadeur werd.", true);
        errors.Add("Kind", "Kies de vorm van het contact: overleg, telefoon, e-mail of regiobijeenkomst.", facts.Kind is null || !ContactKinds.Contains(facts.Kind));
        errors.Add("ContactedBy", "Vul in wie het contact had (naam of functie).", string.IsNullOrWhiteSpace(facts.ContactedBy));
        errors.Add("Outcome", "Vul de uitkomst van het contact in.", string.IsNullOrWhiteSpace(facts.Outcome));
        return errors;
    }

    /// <summary>Dates come from date inputs (2023-03-14), or typed the Dutch way (14-3-2023).</summary>
    public static bool TryParseDate(string? typed, out DateOnly date) => Shared.DutchDate.TryParse(typed, out date);
}
