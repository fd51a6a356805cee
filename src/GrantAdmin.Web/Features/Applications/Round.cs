namespace GrantAdmin.Web.Features.Applications;

/// <summary>A round (tijdvak) as stored: its window, ceiling, limits and policies are data.</summary>
public sealed record Round(int Id, string Code, string Name, string KenmerkPrefix, DateOnly OpensOn, DateOnly ClosesOn,
    long CeilingCents, long MaxPerApplicantCents, bool OneGrantPerApplicant, string RemainderPolicy, string TiePolicy,
    int MunicipalityListYear, DateOnly ActivitiesFrom, DateOnly ActivitiesUntil, int DecisionTermWeeks,
    int CompletionTermDays, string RuleVersion, bool IsDemo, string LateSupplementPolicy)
{
    internal const string Columns = """
        r.id, r.code, r.name, r.kenmerk_prefix AS KenmerkPrefix, r.opens_on AS OpensOn, r.closes_on AS ClosesOn,
        r.ceiling_cents AS CeilingCents, r.max_per_applicant_cents AS MaxPerApplicantCents,
        r.one_grant_per_applicant AS OneGrantPerApplicant, r.remainder_policy AS RemainderPolicy, r.tie_policy AS TiePolicy,
        r.municipality_list_year AS MunicipalityListYear, r.activities_from AS ActivitiesFrom, r.activities_until AS ActivitiesUntil,
        r.decision_term_weeks AS DecisionTermWeeks, r.completion_term_days AS CompletionTermDays, r.rule_version AS RuleVersion,
        r.is_demo AS IsDemo, r.late_supplement_policy AS LateSupplementPolicy
        """;

    /// <summary>What the remainder policy means, in plain Dutch, for the rounds screen.</summary>
    public string RemainderExplained => Enum.Parse<Ranking.RemainderPolicy>(RemainderPolicy) switch
    {
        Ranking.RemainderPolicy.PartialRemainder => "De eerste aanvraag die niet meer past, krijgt het bedrag dat nog over is. Daarna is het plafond bereikt.",
        Ranking.RemainderPolicy.StopAtFirstMisfit => "De eerste aanvraag die niet meer past, krijgt niets. Alle aanvragen daarna krijgen ook niets, ook als ze kleiner zijn.",
        Ranking.RemainderPolicy.SkipMisfits => "Een aanvraag die niet meer past, krijgt niets. Een latere, kleinere aanvraag die wel past in wat over is, krijgt nog geld.",
        _ => RemainderPolicy,
    };

    public SubmissionWindow Window => new(OpensOn, ClosesOn);
}

public enum WindowStatus { NotYetOpen, Open, Closed }

/// <summary>
/// A round accepts submissions from 00:00:00 on its opening day up to and including 23:59:59.999999 on its
/// closing day, Europe/Amsterdam (end dates are inclusive), whatever the offset on either day.
/// </summary>
public sealed record SubmissionWindow(DateOnly OpensOn, DateOnly ClosesOn)
{
    public DateTime OpensAtUtc => Infrastructure.Amsterdam.StartOfDayUtc(OpensOn);
    public DateTime ClosedFromUtc => Infrastructure.Amsterdam.StartOfDayUtc(ClosesOn.AddDays(1));

    public WindowStatus StatusAt(DateTime utc) =>
        utc < OpensAtUtc ? WindowStatus.NotYetOpen : utc < ClosedFromUtc ? WindowStatus.Open : WindowStatus.Closed;

    public TimeSpan TimeLeft(DateTime utc) => StatusAt(utc) == WindowStatus.Open ? ClosedFromUtc - utc : TimeSpan.Zero;

    /// <summary>"nog 3 dagen en 4 uur", for the dashboard.</summary>
    public static string DescribeTimeLeft(TimeSpan left)
    {
        if (left <= TimeSpan.Zero) return "gesloten";
        if (left.TotalDays >= 1)
            return $"nog {(int)left.TotalDays} {((int)left.TotalDays == 1 ? "dag" : "dagen")} en {left.Hours} uur";
        if (left.TotalHours >= 1) return $"nog {(int)left.TotalHours} uur en {Minutes(left.Minutes)}";
        return $"nog {Minutes(Math.Max(1, (int)Math.Ceiling(left.TotalMinutes)))}";
    }

    private static string Minutes(int n) => n == 1 ? "1 minuut" : $"{n} minuten";
}
