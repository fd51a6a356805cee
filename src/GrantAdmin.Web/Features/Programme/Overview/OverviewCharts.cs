using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Overview;

/// <summary>
/// The numbers behind the overview's charts: per round the burn-up (ceiling, granted, reserved at the end of each day on
/// which the ranking ledger changed, recomputed from the ledger as it stood then) and the applications received per day;
/// per cohort the mean checklist score per measurement date. Three queries, whatever the number of rounds or cohorts.
/// </summary>
public static class OverviewCharts
{
    public sealed record BurnUpPoint(DateOnly Day, long CeilingCents, long GrantedCents, long ReservedCents);

    public sealed record ReceivedPerDay(DateOnly Day, int Count);

    public sealed record RoundCharts(string Code, string Name, IReadOnlyList<BurnUpPoint> BurnUp, IReadOnlyList<ReceivedPerDay> Received);

    public sealed record ChecklistMean(string Cohort, DateOnly Day, double Mean);

    public sealed record Result(IReadOnlyList<RoundCharts> Rounds, IReadOnlyList<ChecklistMean> ChecklistMeans);

    public sealed record RoundRow(int Id, string Code, string Name, long CeilingCents, string Remainder, string Tie, string? LotterySeed)
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

    internal const string RoundsSql = """
        SELECT id, code, name, ceiling_cents AS CeilingCents, remainder_policy AS Remainder, tie_policy AS Tie, lottery_seed AS LotterySeed
        FROM rounds ORDER BY opens_on
        """;

    internal const string LedgerSql = """
        SELECT round_id AS RoundId, id AS Sequence, application_id AS ApplicationId, kenmerk_number AS KenmerkNumber, event,
               moment_utc AS MomentUtc, amount_cents AS AmountCents, recorded_at_utc AS RecordedAtUtc
        FROM ranking_ledger ORDER BY round_id, id
        """;

    internal const string ReceivedSql = """
        SELECT round_id AS RoundId, received_on AS Day, COUNT(*) AS Count
        FROM applications WHERE received_on IS NOT NULL
        GROUP BY round_id, received_on ORDER BY round_id, received_on
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

    public sealed class Handler(Db db)
    {
        public async Task<Result> LoadAsync(CancellationToken ct)
        {
            await using var connection = await db.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var rounds = await tx.QueryAsync<RoundRow>(RoundsSql, null, ct);
            var ledger = (await tx.QueryAsync<LedgerRow>(LedgerSql, null, ct)).ToLookup(r => r.RoundId);
            var received = (await tx.QueryAsync<ReceivedRow>(ReceivedSql, null, ct)).ToLookup(r => r.RoundId);
            var means = await tx.QueryAsync<ChecklistMean>(ChecklistMeansSql, null, ct);
            var charts = rounds.Where(r => ledger[r.Id].Any() || received[r.Id].Any())
                .Select(r => new RoundCharts(r.Code, r.Name, BurnUp(r.Policy, ledger[r.Id].ToList()),
                    received[r.Id].Select(x => new ReceivedPerDay(x.Day, x.Count)).ToList()))
                .ToList();
            return new Result(charts, means);
        }
    }
}
