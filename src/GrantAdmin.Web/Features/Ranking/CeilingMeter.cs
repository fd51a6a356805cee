using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>
/// The public ceiling meter (no login): per round the ceiling, what is granted, reserved, awaiting
/// completion and still available, and how many applications are in each state — computed live.
/// </summary>
public sealed class CeilingMeter(Db db, TimeProvider clock)
{
    public sealed record StateCount(string State, int Count)
    {
        public string Label => StateMachine.Label(Enum.Parse<ApplicationState>(State));
    }

    public sealed record Lottery(string? Seed, string? SeedHash);

    public sealed record Meter(Round Round, RankingResult Ranking, IReadOnlyList<StateCount> States, Lottery Draw, DateOnly Today)
    {
        /// <summary>The seed's hash is public from the start; the seed itself once the round has closed.</summary>
        public string? PublicSeed => SeedIsPublic(Round, Today) ? Draw.Seed : null;
        public int Received => States.Sum(s => s.Count);
    }

    /// <summary>The seed stays secret while the round is open, so nobody can work out the draw while they can still apply.</summary>
    public static bool SeedIsPublic(Round round, DateOnly today) => round.ClosesOn < today;

    internal const string RoundsSql = $"SELECT {Round.Columns} FROM rounds r ORDER BY r.opens_on DESC";
    internal const string RoundByCodeSql = $"SELECT {Round.Columns} FROM rounds r WHERE r.code = @code";
    internal const string LotterySql = "SELECT lottery_seed AS Seed, lottery_seed_hash AS SeedHash FROM rounds WHERE id = @roundId";

    internal const string StatesSql = """
        SELECT state, COUNT(*) AS Count FROM applications WHERE round_id = @roundId AND kenmerk IS NOT NULL GROUP BY state ORDER BY state
        """;

    public Task<IReadOnlyList<Round>> RoundsAsync(CancellationToken ct) => db.QueryAsync<Round>(RoundsSql, null, ct);

    public async Task<Meter?> ForAsync(string code, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<Round>(RoundByCodeSql, new { code }, ct) is not { } round) return null;
        return await ForAsync(round, ct);
    }

    public async Task<Meter> ForAsync(Round round, CancellationToken ct)
    {
        var ranking = await ComputeAsync(round.Id, ct);
        return new Meter(round, ranking, await db.QueryAsync<StateCount>(StatesSql, new { roundId = round.Id }, ct),
            (await db.QuerySingleOrDefaultAsync<Lottery>(LotterySql, new { roundId = round.Id }, ct))!, Amsterdam.Today(clock));
    }

    /// <summary>The engine over the applications as stored now (read only).</summary>
    public async Task<RankingResult> ComputeAsync(int roundId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var policy = (await tx.QuerySingleAsync<RankingStore.PolicyRow>(RankingStore.PolicySql, new { roundId }, ct)).Policy;
        var stored = await tx.QueryAsync<RankingStore.Stored>(RankingStore.StoredSql, new { roundId }, ct);
        return RankingEngine.Compute(policy, stored.Select(s => s.Input).ToList());
    }
}
