using System.Globalization;
using Dapper;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Benchmarks;

/// <summary>
/// After the burst, in the database: every submission whole and in one order. Says "klopt" or lists each violation:
/// N applications with a kenmerk, numbered 1..N without gaps, received moments strictly increasing in kenmerk order,
/// one 'Ontvangen' ledger row each, a hash chain that holds and replays (through the app's own Ledger and RankingEngine)
/// to the positions stored, and for every application of the round all of its submission's rows or none.
/// </summary>
public static class Verification
{
    internal const string ApplicationsSql = """
        SELECT a.id AS Id, a.kenmerk AS Kenmerk, a.kenmerk_number AS Number, a.received_at_utc AS Received, a.state AS State,
            (SELECT COUNT(*) FROM state_transitions t WHERE t.application_id = a.id AND t.to_state = 'Ingediend') AS Transitions,
            (SELECT COUNT(*) FROM ranking_ledger l WHERE l.application_id = a.id AND l.event = 'Ontvangen') AS LedgerRows,
            (SELECT COUNT(*) FROM audit_log g WHERE g.application_id = a.id AND g.action = 'AanvraagIngediend') AS AuditRows,
            (SELECT COUNT(*) FROM outbox_messages o WHERE o.application_id = a.id) AS OutboxRows
        FROM applications a WHERE a.round_id = @roundId
        """;

    internal const string SubmittedSql = "SELECT COUNT(*) FROM applications WHERE round_id = @roundId AND kenmerk IS NOT NULL";

    internal const string SentMailsSql = """
        SELECT COUNT(*) FROM outbox_messages o JOIN applications a ON a.id = o.application_id WHERE a.round_id = @roundId AND o.status = 'Sent'
        """;

    // Mapped by position (TypeHandlers.MapPositionalRecords, called for this assembly in WindowOpening).
    private sealed record Row(long Id, string? Kenmerk, long? Number, string? Received, string State, long Transitions, long LedgerRows, long AuditRows, long OutboxRows);

    /// <summary>The checks on a kept database (`verify-round`): prints "klopt" or each violation; exit code 0 or 1.</summary>
    public static async Task<int> RunAsync(string path, string roundCode, int expected, CancellationToken ct)
    {
        TypeHandlers.Register();
        TypeHandlers.MapPositionalRecords(typeof(Verification).Assembly);
        var db = new Db($"Data Source={path}", SqlDialect.Sqlite);
        var roundId = await db.QuerySingleOrDefaultAsync<int?>("SELECT id FROM rounds WHERE code = @roundCode", new { roundCode }, ct)
            ?? throw new ArgumentException($"No round '{roundCode}' in {path}.");
        var violations = await CheckAsync(db, roundId, expected, ct);
        Console.WriteLine(violations.Count == 0 ? "klopt" : string.Join('\n', violations));
        return violations.Count == 0 ? 0 : 1;
    }

    /// <summary>The violations found; none means "klopt".</summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(Db db, int roundId, int expected, CancellationToken ct)
    {
        var violations = new List<string>();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct); // one snapshot
        var rows = await tx.QueryAsync<Row>(ApplicationsSql, new { roundId }, ct);

        var submitted = rows.Where(r => r.Kenmerk is not null).OrderBy(r => r.Number).ToList();
        if (submitted.Count != expected) violations.Add($"{submitted.Count} applications have a kenmerk, {expected} expected");

        var numbers = submitted.Select(r => r.Number ?? 0).ToList();
        if (!numbers.SequenceEqual(Enumerable.Range(1, numbers.Count).Select(n => (long)n)))
        {
            var missing = Enumerable.Range(1, numbers.Count == 0 ? 0 : (int)numbers.Max()).Select(n => (long)n).Except(numbers).Take(10);
            var doubled = numbers.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).Take(10);
            violations.Add($"kenmerk numbers are not 1..{numbers.Count} without gaps: missing [{string.Join(", ", missing)}], twice [{string.Join(", ", doubled)}]");
        }

        for (var i = 1; i < submitted.Count; i++)
        {
            var (earlier, later) = (Moment(submitted[i - 1].Received), Moment(submitted[i].Received));
            if (later is null || earlier is null || later <= earlier)
                violations.Add($"received_at_utc not strictly increasing: {submitted[i - 1].Kenmerk} {submitted[i - 1].Received}, {submitted[i].Kenmerk} {submitted[i].Received}");
        }

        foreach (var row in rows)
        {
            // A submission writes all of these in one transaction: all of them (each once), or none.
            long[] parts = [row.Kenmerk is null ? 0 : 1, row.Received is null ? 0 : 1, row.State == "Ingediend" ? 1 : 0, row.Transitions, row.LedgerRows, row.AuditRows, row.OutboxRows];
            if (!(parts.All(p => p == 1) || parts.All(p => p == 0)))
                violations.Add($"application {row.Id} ({row.Kenmerk ?? "no kenmerk"}) half-written: kenmerk {parts[0]}, received {parts[1]}, state {row.State}, " +
                    $"transitions to Ingediend {row.Transitions}, ledger 'Ontvangen' {row.LedgerRows}, audit 'AanvraagIngediend' {row.AuditRows}, outbox {row.OutboxRows}");
        }

        violations.AddRange(await LedgerViolationsAsync(tx, roundId, ct));
        return violations;
    }

    /// <summary>The hash chain, the round's head hash, and the replay of the ledger compared with the stored ranking facts and positions.</summary>
    private static async Task<IEnumerable<string>> LedgerViolationsAsync(System.Data.Common.DbTransaction tx, int roundId, CancellationToken ct)
    {
        var violations = new List<string>();
        var entries = (await tx.QueryAsync<LedgerEntry>(RankingStore.EntriesSql, new { roundId }, ct))
            .Select(e => e with { MomentUtc = DateTime.SpecifyKind(e.MomentUtc, DateTimeKind.Utc) }).ToList();
        if (Ledger.FirstBrokenLink(roundId, entries) is { } broken)
            violations.Add($"ledger hash chain broken at row {broken.Sequence} ({broken.Event}, application {broken.ApplicationId})");
        var head = await tx.QuerySingleAsync<string>("SELECT ledger_head_hash FROM rounds WHERE id = @roundId", new { roundId }, ct);
        if (head != (entries.LastOrDefault()?.Hash ?? Ledger.GenesisHash))
            violations.Add("the round's ledger head hash is not the hash of the last ledger row");

        var stored = (await tx.QueryAsync<RankingStore.Stored>(RankingStore.StoredSql, new { roundId }, ct)).ToDictionary(s => s.ApplicationId);
        var replayed = Ledger.Replay(entries);
        foreach (var fromLedger in replayed)
        {
            if (!stored.TryGetValue(fromLedger.ApplicationId, out var row))
                violations.Add($"application {fromLedger.ApplicationId} is in the ledger but has no kenmerk");
            else if (row.Input != fromLedger)
                violations.Add($"application {fromLedger.ApplicationId}: ledger says {fromLedger}, database says {row.Input}");
        }
        foreach (var missing in stored.Keys.Except(replayed.Select(r => r.ApplicationId)))
            violations.Add($"application {missing} has a kenmerk but is not in the ledger");

        var policy = (await tx.QuerySingleAsync<RankingStore.PolicyRow>(RankingStore.PolicySql, new { roundId }, ct)).Policy;
        var recomputed = RankingEngine.Compute(policy, replayed).Positions.ToDictionary(p => p.ApplicationId);
        foreach (var row in stored.Values.OrderBy(r => r.KenmerkNumber))
        {
            var expected = RankingStore.Outcome.Of(recomputed.GetValueOrDefault(row.ApplicationId), row.KenmerkNumber);
            if (expected != row.Outcome)
                violations.Add($"application {row.ApplicationId}: replayed position {expected}, stored {row.Outcome}");
        }
        return violations;
    }

    /// <summary>The first and the last receipt moment the app recorded in the round.</summary>
    public static async Task<(DateTime First, DateTime Last)?> ReceiptSpanAsync(Db db, int roundId, CancellationToken ct)
    {
        var moments = await db.QueryAsync<string>("SELECT received_at_utc FROM applications WHERE round_id = @roundId AND received_at_utc IS NOT NULL", new { roundId }, ct);
        if (moments.Count == 0) return null;
        var parsed = moments.Select(m => Moment(m)!.Value).ToList();
        return (parsed.Min(), parsed.Max());
    }

    /// <summary>Receipt mails sent for the round's applications.</summary>
    public static async Task<int> SentMailsAsync(Db db, int roundId, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int>(SentMailsSql, new { roundId }, ct);

    internal static DateTime? Moment(string? text) =>
        text is null ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
