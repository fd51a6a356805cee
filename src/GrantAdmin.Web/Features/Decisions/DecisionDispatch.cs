using System.ComponentModel.DataAnnotations;
using GrantAdmin.Web.Infrastructure.Writes;
using GrantAdmin.Web.Features.Audit;
using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Decisions;

public sealed class DecisionDispatchSettings
{
    /// <summary>Attempts per letter before it is recorded as failed for good (it can then go in a new verzendronde).</summary>
    [Range(1, 100)] public int MaxAttempts { get; set; } = 5;
    /// <summary>
    /// Letters worked on at once by one job. More than the renderer's pages (<c>Pdf:Pages</c>, which bound Chromium's CPU),
    /// so one letter's claim, store, mail and audit overlap another's printing: 342 letters took 61 s at 4 against 87 s at
    /// 2 with one page (docs/performance.md, "Letters").
    /// </summary>
    [Range(1, 16)] public int Parallelism { get; set; } = 4;
    /// <summary>The sweep that retries what is due and picks up runs whose job was lost (a restart).</summary>
    [Cron] public string SweepCron { get; set; } = "* * * * *";
}

/// <summary>
/// A dispatch (verzendronde): the approved decisions whose letters one background job sends. The office starts one
/// for the decisions waiting to be sent; an approval starts one of its own decision, so every letter goes the same
/// way (<see cref="SendDecisionLettersJob"/>). Written in the caller's transaction; the caller enqueues the job after commit.
/// </summary>
public static class DecisionDispatch
{
    public const string FromApproval = "Accordering";
    public const string FromOffice = "Verzendronde";

    internal const string InsertSql = """
        INSERT INTO decision_dispatches (created_at_utc, created_by_user_id, origin, item_count)
        VALUES (@now, @userId, @origin, 0)
        """;

    /// <summary>Only an approved decision without a letter, and not in another open item (the unique index backs this up).</summary>
    internal const string AddItemSql = """
        INSERT INTO decision_dispatch_items (dispatch_id, decision_id, status, attempts, next_attempt_at_utc)
        SELECT @dispatchId, d.id, 'Pending', 0, @now FROM decisions d
        WHERE d.id = @decisionId AND d.status = 'Goedgekeurd' AND d.sent_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM decision_dispatch_items i WHERE i.decision_id = d.id AND i.status = 'Pending')
        """;

    internal const string SetCountSql = "UPDATE decision_dispatches SET item_count = @count WHERE id = @dispatchId";

    /// <summary>Approved decisions whose letter is not sent and not on its way: what a new verzendronde would send.</summary>
    internal const string WaitingSql = """
        SELECT d.id AS DecisionId, d.application_id AS ApplicationId, a.kenmerk, m.name AS MunicipalityName, d.kind, d.amount_cents AS AmountCents,
               d.reviewed_at_utc AS ApprovedAtUtc,
               (SELECT i.last_error FROM decision_dispatch_items i WHERE i.id = (SELECT MAX(i2.id) FROM decision_dispatch_items i2
                   WHERE i2.decision_id = d.id AND i2.status = 'Failed')) AS LastError
        FROM decisions d JOIN applications a ON a.id = d.application_id JOIN municipalities m ON m.id = a.municipality_id
        WHERE d.status = 'Goedgekeurd' AND d.sent_on IS NULL
          AND NOT EXISTS (SELECT 1 FROM decision_dispatch_items i WHERE i.decision_id = d.id AND i.status = 'Pending')
        ORDER BY a.kenmerk, d.id
        """;

    internal const string CountsSql = "SELECT status, COUNT(*) AS Count FROM decision_dispatch_items WHERE dispatch_id = @dispatchId GROUP BY status";

    public sealed record Waiting(int DecisionId, int ApplicationId, string Kenmerk, string MunicipalityName, string Kind, long AmountCents,
        DateTime ApprovedAtUtc, string? LastError)
    {
        public DecisionKind KindValue => Enum.Parse<DecisionKind>(Kind);
    }

    /// <summary>How far a dispatch is: letters sent, still to do (waiting for an attempt or a retry), failed for good, skipped.</summary>
    public sealed record Counts(int Sent, int ToDo, int Failed, int Skipped)
    {
        public int Total => Sent + ToDo + Failed + Skipped;
        public string Summary => $"{Sent} verzonden, {ToDo} te doen, {Failed} mislukt" + (Skipped > 0 ? $", {Skipped} overgeslagen" : "");
    }

    public sealed record StatusCount(string Status, int Count);

    public static Counts CountsOf(IEnumerable<StatusCount> rows)
    {
        var byStatus = rows.ToDictionary(r => r.Status, r => r.Count);
        int Of(string status) => byStatus.GetValueOrDefault(status);
        return new Counts(Of("Sent"), Of("Pending"), Of("Failed"), Of("Skipped"));
    }

    /// <summary>Creates the dispatch of those decisions that may be sent now; returns its id and how many letters it holds.</summary>
    public static async Task<(int DispatchId, int Count)> CreateAsync(Write w, int userId, string origin,
        IEnumerable<int> decisionIds, DateTime nowUtc, CancellationToken ct)
    {
        var tx = w.Tx;
        var dispatchId = await w.InsertAsync(InsertSql, new { now = nowUtc, userId, origin }, ct);
        var items = decisionIds.Distinct().Select(decisionId => new { dispatchId, decisionId, now = nowUtc }).ToList();
        var count = items.Count == 0 ? 0 : await tx.ExecuteAsync(AddItemSql, items, ct);
        await tx.ExecuteAsync(SetCountSql, new { dispatchId, count }, ct);
        await w.AuditAsync(nowUtc, new AuditLog.Entry("VerzendrondeGestart", userId, Details: $"Verzendronde {dispatchId} ({origin}): {count} brief/brieven"), ct);
        return (dispatchId, count);
    }
}
