namespace GrantAdmin.Web.Features.Settlement;

/// <summary>
/// What the SiSa reminder of <see cref="Reminders.SendRemindersJob"/> is derived from: each granted, not yet settled
/// application that must report over year Y (see <see cref="SettlementRules.ReportingYears"/>) and whose spending over Y is not
/// recorded, in the weeks before the SiSa due date, 15 July of Y + 1. Only the one due date ahead of today is looked at:
/// a reminder is caught up after downtime until that date, never after it.
/// </summary>
public static class SisaReminder
{
    public const string Kind = "sisa";

    internal const string SubjectsSql = """
        SELECT a.id AS RefId, a.id AS ApplicationId, @dueOn AS DueOn, a.kenmerk AS Kenmerk, a.municipality_id AS MunicipalityId,
               m.name AS MunicipalityName, NULL AS ContactEmail, a.assigned_to_user_id AS AssignedToUserId, r.name AS RoundName
        FROM applications a JOIN municipalities m ON m.id = a.municipality_id JOIN rounds r ON r.id = a.round_id
        WHERE a.state = 'Verleend' AND r.activities_from <= @yearEnd AND r.activities_until >= @yearStart
          AND EXISTS (SELECT 1 FROM decisions d WHERE d.application_id = a.id AND d.kind = 'Verlening' AND d.status = 'Goedgekeurd' AND d.sent_on <= @yearEnd)
          AND NOT EXISTS (SELECT 1 FROM spending_reports s WHERE s.application_id = a.id AND s.report_year = @year)
        ORDER BY a.id
        """;

    /// <summary>The query's parameters for the SiSa due date within (today, horizon), or null when none falls there.</summary>
    public static object? Parameters(DateOnly today, DateOnly horizon)
    {
        var year = today.Year - 1;
        var dueOn = SettlementRules.SisaDueOn(year);
        if (dueOn < today || dueOn > horizon) return null;
        return new { year, yearStart = new DateOnly(year, 1, 1), yearEnd = new DateOnly(year, 12, 31), dueOn };
    }

    /// <summary>The year a SiSa due date is about.</summary>
    public static int YearOf(DateOnly dueOn) => dueOn.Year - 1;
}
