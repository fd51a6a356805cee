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

    // A term that lapsed ends the suspension on its last day (4:15(1)(a)), even when a late supplement came afterwards
    // (a late supplement records the lapse too: SubmitSupplement sets expired_on).
    internal const string SuspensionsSql = """
        SELECT sent_on AS SentOn, supplement_received_on AS SuppliedOn, expired_on AS ExpiredOn
        FROM completion_requests WHERE application_id = @applicationId ORDER BY id
        """;

    internal const string SetDueSql = "UPDATE applications SET decision_due_on = @due WHERE id = @applicationId";

    internal const string UndecidedSql = """
        SELECT round_id AS RoundId, id AS ApplicationId FROM applications
        WHERE state IN ('Ingediend', 'InBehandeling', 'AanvullingGevraagd', 'BuitenBehandeling', 'Volledig', 'BesluitInVoorbereiding', 'BesluitTerAccordering')
        """;

    private sealed record Undecided(int RoundId, int ApplicationId);

    private sealed record Facts(DateOnly ReceivedOn, int Weeks, int ExtensionWeeks);
    private sealed record CompletionRequest(DateOnly SentOn, DateOnly? SuppliedOn, DateOnly? ExpiredOn)
    {
        // expired_on (the completion term's last day) is set only when no supplement came in time: the pause ended when the
        // term ran out, whatever arrives later (4:15(1)(a): "of de daarvoor gestelde termijn ongebruikt is verstreken").
        public Suspension ToSuspension() =>
            ExpiredOn is { } lastDay ? Suspension.Lapsed(SentOn, lastDay)
            : SuppliedOn is { } suppliedOn ? Suspension.Supplied(SentOn, suppliedOn)
            : Suspension.Open(SentOn);
    }

    public static async Task<IReadOnlySet<DateOnly>> DesignatedDaysAsync(DbTransaction tx, CancellationToken ct) =>
        (await tx.QueryAsync<DateOnly>(DesignatedDaysSql, null, ct)).ToHashSet();

    /// <summary>The due date at receipt: no aanvulverzoek, no extension yet.</summary>
    public static DateOnly AtReceipt(DateOnly receivedOn, int weeks, IReadOnlySet<DateOnly> designatedDays) =>
        Terms.DecisionDeadline(receivedOn, weeks, [], designatedDays)!.Value;

    /// <summary>
    /// Every undecided case's due date computed again, round by round under the round's lock: once the designated days
    /// change (a decree shipped with a new version, a day the beheerder adds or removes), a stored due date can be a day off.
    /// </summary>
    public static async Task RefreshUndecidedAsync(Db db, CancellationToken ct)
    {
        foreach (var round in (await db.QueryAsync<Undecided>(UndecidedSql, null, ct)).GroupBy(c => c.RoundId))
            await db.TryRoundWriteAsync(round.Key, async w =>
            {
                foreach (var c in round) await RefreshAsync(w.Tx, c.ApplicationId, ct);
                return Outcome<int>.Ok(round.Count());
            }, ct);
    }

    public static async Task<DateOnly?> RefreshAsync(DbTransaction tx, int applicationId, CancellationToken ct)
    {
        var facts = await tx.QuerySingleAsync<Facts>(FactsSql, new { applicationId }, ct);
        var suspensions = (await tx.QueryAsync<CompletionRequest>(SuspensionsSql, new { applicationId }, ct)).Select(r => r.ToSuspension()).ToList();
        var due = Terms.DecisionDeadline(facts.ReceivedOn, facts.Weeks + facts.ExtensionWeeks, suspensions, await DesignatedDaysAsync(tx, ct));
        await tx.ExecuteAsync(SetDueSql, new { due, applicationId }, ct);
        return due;
    }
}
