using System.Data.Common;
using GrantAdmin.Web.Features.Deadlines;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Cases;

/// <summary>
/// Keeps each application's decision due date (Awb 4:13, suspended per 4:15 by its aanvulverzoeken, extended once per 4:14) stored,
/// so the queue can sort and filter on it; null while the clock is stopped.
/// </summary>
public static class DecisionClock
{
    internal const string DesignatedDaysSql = "SELECT day FROM designated_days";

    internal const string FactsSql = """
        SELECT a.received_on AS ReceivedOn, r.decision_term_weeks AS Weeks, COALESCE(a.decision_extension_weeks, 0) AS ExtensionWeeks
        FROM applications a JOIN rounds r ON r.id = a.round_id WHERE a.id = @applicationId
        """;

    // A term that lapsed ends the suspension on its last day (4:15(1)(a)), even when a late supplement came afterwards.
    internal const string SuspensionsSql = """
        SELECT sent_on AS SentOn, COALESCE(expired_on, supplement_received_on) AS Until
        FROM completion_requests WHERE application_id = @applicationId ORDER BY id
        """;

    internal const string SetDueSql = "UPDATE applications SET decision_due_on = @due WHERE id = @applicationId";

    private sealed record Facts(DateOnly ReceivedOn, int Weeks, int ExtensionWeeks);
    private sealed record Suspension(DateOnly SentOn, DateOnly? Until);

    public static async Task<IReadOnlySet<DateOnly>> DesignatedDaysAsync(DbTransaction tx, CancellationToken ct) =>
        (await tx.QueryAsync<DateOnly>(DesignatedDaysSql, null, ct)).ToHashSet();

    /// <summary>The due date at receipt: no aanvulverzoek, no extension yet.</summary>
    public static DateOnly AtReceipt(DateOnly receivedOn, int weeks, IReadOnlySet<DateOnly> designatedDays) =>
        Terms.DecisionDeadline(receivedOn, weeks, [], designatedDays)!.Value;

    public static async Task<DateOnly?> RefreshAsync(DbTransaction tx, int applicationId, CancellationToken ct)
    {
        var facts = await tx.QuerySingleAsync<Facts>(FactsSql, new { applicationId }, ct);
        var suspensions = (await tx.QueryAsync<Suspension>(SuspensionsSql, new { applicationId }, ct)).Select(s => (s.SentOn, s.Until)).ToList();
        var due = Terms.DecisionDeadline(facts.ReceivedOn, facts.Weeks + facts.ExtensionWeeks, suspensions, await DesignatedDaysAsync(tx, ct));
        await tx.ExecuteAsync(SetDueSql, new { due, applicationId }, ct);
        return due;
    }
}
