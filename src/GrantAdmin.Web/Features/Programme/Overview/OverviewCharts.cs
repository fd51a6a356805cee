using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Overview;

/// <summary>
/// The numbers behind the overview's charts: for one round (the newest with applications, or the one asked for) the
/// burn-up (ceiling, granted, reserved at the end of each day on which the ranking ledger changed, recomputed from the
/// ledger as it stood then) and the applications received per day; per cohort the mean checklist score per measurement
/// date. One round at a time, and that round's charts are kept until its ledger head moves: replaying a ledger day by day
/// is costly (every round of the load-test database on every request took seconds) and the past of a ledger never changes.
/// </summary>
public static class OverviewCharts
{
    public sealed record BurnUpPoint(DateOnly Day, long CeilingCents, long GrantedCents, long ReservedCents);

    public sealed record ReceivedPerDay(DateOnly Day, int Count);

    public sealed record RoundCharts(string Code, string Name, IReadOnlyList<BurnUpPoint> BurnUp, IReadOnlyList<ReceivedPerDay> Received);

    public sealed record ChecklistMean(string Cohort, DateOnly Day, double Mean);

    public sealed record Result(IReadOnlyList<RoundChoice> Rounds, RoundCharts? Selected, IReadOnlyList<ChecklistMean> ChecklistMeans);

    /// <summary>A round that has charts to show (a ledger or receipts).</summary>
    public sealed record RoundChoice(string Code, string Name);

    public sealed record RoundRow(int Id, string Code, string Name, long CeilingCents, string Remainder, string Tie, string? LotterySeed,
        string? LedgerHead)
    {
        public RoundPolicy Policy => new RankingStore.PolicyRow(CeilingCents, Remainder, Tie, LotterySeed).Policy;
    }

    public sealed record LedgerRow(int RoundId, int Sequence, int ApplicationId, int KenmerkNumber, string Event, DateTime MomentUtc,
        long AmountCents, DateTime RecordedAtUtc)
    {
        public LedgerEntry Entry => new(Sequence, ApplicationId, KenmerkNumber, Enum.Parse<LedgerEvent>(Event),
            DateTime.SpecifyKind(MomentUtc, DateTimeKind.Utc), AmountCents, "", "");
    }

    public sealed record ReceivedRow(int RoundId, DateOnly Day, int Count);

    // Each EXISTS is one index probe per round (ix_ranking_ledger_round, ix_applications_queue).
    internal const string RoundsSql = """
        SELECT r.id, r.code, r.name, r.ceiling_cents AS CeilingCents, r.remainder_policy AS Remainder, r.tie_policy AS Tie,
               r.lottery_seed AS LotterySeed, r.ledger_head_hash AS LedgerHead
        FROM rounds r
        WHERE EXISTS (SELECT 1 FROM ranking_ledger l WHERE l.round_id = r.id)
           OR EXISTS (SELECT 1 FROM applications a WHERE a.round_id = r.id AND a.received_on IS NOT NULL)
        ORDER BY r.opens_on DESC
        """;

    internal const string LedgerSql = """
        SELECT round_id AS RoundId, id AS Sequence, application_id AS ApplicationId, kenmerk_number AS KenmerkNumber, event,
               moment_utc AS MomentUtc, amount_cents AS AmountCents, recorded_at_utc AS RecordedAtUtc
        FROM ranking_ledger WHERE round_id = @roundId ORDER BY id
        """;

    internal const string ReceivedSql = """
        SELECT round_id AS RoundId, received_on AS Day, COUNT(*) AS Count
        FROM applications WHERE round_id = @roundId AND received_on IS NOT NULL
        GROUP BY round_id, received_on ORDER BY received_on
        """;

    internal const string ChecklistMeansSql = """
        SELECT COALESCE(c.name, 'Lichting onbekend') AS Cohort, cm.measured_on AS Day, AVG(s.score * 1.0) AS Mean
        FROM checklist_scores s
             JOIN checklist_measurements cm ON cm.id = s.measurement_id
             JOIN programme_participants p ON p.id = cm.participant_id
             LEFT JOIN programme_cohorts c ON c.id = p.cohort_id
        GROUP BY COALESCE(c.name, 'Lichting onbekend'), cm.measured_on
        ORDER BY COALESCE(c.name, 'Lichting onbekend'), cm.measured_on
        """;

    /// <summary>
    /// The burn-up of one round: at the end of each Amsterdam day on which the ledger grew, the ledger up to then is replayed
    /// and ranked, so granted and reserved are exactly what the meter showed that evening. The ceiling is the round's.
    /// </summary>
    public static IReadOnlyList<BurnUpPoint> BurnUp(RoundPolicy policy, IReadOnlyList<LedgerRow> ledger)
    {
        var points = new List<BurnUpPoint>();
        var ordered = ledger.OrderBy(r => r.Sequence).ToList();
        foreach (var day in ordered.GroupBy(r => DateOnly.FromDateTime(Amsterdam.ToLocal(r.RecordedAtUtc))).OrderBy(g => g.Key))
        {
            var upTo = day.Max(r => r.Sequence);
            var result = RankingEngine.Compute(policy, Ledger.Replay(ordered.Where(r => r.Sequence <= upTo).Select(r => r.Entry)).ToList());
            points.Add(new BurnUpPoint(day.Key, policy.CeilingCents, result.GrantedCents, result.ReservedCents));
        }
        return points;
    }

    /// <summary>
    /// The last charts made per round with the round as it was then: its ledger head, ceiling, policies and name (one per
    /// process; readers share them; another process's writes move the head in the database, so they are seen too).
    /// </summary>
    public sealed class Cache
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (RoundRow Round, RoundCharts Charts)> byRound = new();

        internal async Task<RoundCharts> GetAsync(RoundRow round, Func<Task<RoundCharts>> make)
        {
            if (byRound.TryGetValue(round.Id, out var known) && known.Round == round) return known.Charts;
            var charts = await make();
            byRound[round.Id] = (round, charts);
            return charts;
        }
    }

    public sealed class Handler(Db db, Cache cache)
    {
        /// <summary>The charts of the round with this code, or of the newest round with data when the code is none of them.</summary>
        public async Task<Result> LoadAsync(string? roundCode, CancellationToken ct)
        {
            return await db.ReadAsync(async tx =>
            {
                var rounds = await tx.QueryAsync<RoundRow>(RoundsSql, null, ct);
                var round = rounds.FirstOrDefault(r => r.Code == roundCode) ?? rounds.FirstOrDefault();
                // Every receipt and every change of position appends to the round's ledger, so an unchanged head means unchanged charts.
                var selected = round is null ? null : await cache.GetAsync(round, async () =>
                {
                    var ledger = await tx.QueryAsync<LedgerRow>(LedgerSql, new { roundId = round.Id }, ct);
                    var received = await tx.QueryAsync<ReceivedRow>(ReceivedSql, new { roundId = round.Id }, ct);
                    return new RoundCharts(round.Code, round.Name, BurnUp(round.Policy, ledger), received.Select(x => new ReceivedPerDay(x.Day, x.Count)).ToList());
                });
                var means = await tx.QueryAsync<ChecklistMean>(ChecklistMeansSql, null, ct);
                return new Result(rounds.Select(r => new RoundChoice(r.Code, r.Name)).ToList(), selected, means);
            }, ct);
        }
    }
}
