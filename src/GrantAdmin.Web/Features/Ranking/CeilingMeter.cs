using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>
/// The public ceiling meter (no login): per round the ceiling, what is granted, reserved, awaiting completion and still
/// available, and how many applications are in each state. It sums what the ranking already stores per application (the
/// write seam keeps positions and reservations current under the round's lock), never re-runs the engine: a public page
/// read by thousands when a round opens must not recompute the round.
/// </summary>
public sealed class CeilingMeter(Db db, TimeProvider clock, CeilingMeter.Sums sums)
{
    public sealed record StateCount(string State, int Count)
    {
        public string Label => StateMachine.Label(Enum.Parse<ApplicationState>(State));
    }

    public sealed record Lottery(string? Seed, string? SeedHash);

    /// <summary>The meter's money, as the stored ranking holds it.</summary>
    public sealed record Totals(long CeilingCents, long GrantedCents, long ReservedCents, long AwaitingCompletionCents, long NotYetJudgedCents)
    {
        public long AvailableCents => CeilingCents - GrantedCents - ReservedCents;
    }

    /// <summary>Received applications of one state and allocation: how many, what they ask and what they hold.</summary>
    public sealed record Group(string State, string? Allocation, int Count, long RequestedCents, long ReservedCents);

    public sealed record Meter(Round Round, Totals Ranking, IReadOnlyList<StateCount> States, Lottery Draw, DateOnly Today)
    {
        /// <summary>The seed's hash is public from the start; the seed itself once the round has closed.</summary>
        public string? PublicSeed => SeedIsPublic(Round, Today) ? Draw.Seed : null;
        public int Received => States.Sum(s => s.Count);

        /// <summary>
        /// Everything the meter's markup shows, as text (the record's printed members and the state counts): pages cache
        /// the meters' rendered HTML under it, so equal figures reuse the HTML and any change renders afresh. A method,
        /// not a property: the record would print it in itself.
        /// </summary>
        public string ContentKey() => $"{this} [{string.Join(", ", States)}]";
    }

    /// <summary>The seed stays secret while the round is open, so nobody can work out the draw while they can still apply.</summary>
    public static bool SeedIsPublic(Round round, DateOnly today) => round.ClosesOn < today;

    internal const string RoundsSql = $"SELECT {Round.Columns} FROM rounds r ORDER BY r.opens_on DESC";
    internal const string RoundByCodeSql = $"SELECT {Round.Columns} FROM rounds r WHERE r.code = @code";

    // Every change the meter shows comes with a state transition (under the round's lock) or a new ledger head; the pair
    // is two index look-ups, so the sums over the round are only read again when one of them has moved. One query for all
    // the rounds a page shows (/plafond shows every round; one query each was most of its SQL).
    internal const string VersionsSql = """
        SELECT id AS RoundId, lottery_seed AS Seed, lottery_seed_hash AS SeedHash, ledger_head_hash AS LedgerHead,
               (SELECT MAX(id) FROM state_transitions) AS LastTransition
        FROM rounds WHERE id IN @roundIds
        """;

    internal const string GroupsSql = """
        SELECT state AS State, allocation AS Allocation, COUNT(*) AS Count, COALESCE(SUM(requested_cents), 0) AS RequestedCents,
               COALESCE(SUM(reserved_cents), 0) AS ReservedCents
        FROM applications WHERE round_id = @roundId AND kenmerk IS NOT NULL GROUP BY state, allocation
        """;

    internal const string PositionSql = """
        SELECT a.id AS ApplicationId, a.ranking_position AS Number, a.position_provisional AS IsProvisional, a.allocation AS Allocation,
               a.reserved_cents AS ReservedCents,
               (SELECT COALESCE(SUM(CASE WHEN b.allocation = 'Granted' THEN COALESCE(b.granted_cents, 0) ELSE COALESCE(b.requested_cents, 0) END), 0)
                FROM applications b WHERE b.round_id = a.round_id AND b.ranking_position < a.ranking_position) AS AmountAheadCents
        FROM applications a WHERE a.id = @applicationId AND a.ranking_position IS NOT NULL
        """;

    private sealed record Version(int RoundId, string? Seed, string? SeedHash, string? LedgerHead, long? LastTransition);

    private sealed record StoredPosition(int ApplicationId, int Number, bool IsProvisional, string Allocation, long ReservedCents, long AmountAheadCents)
    {
        public Position Position => new(ApplicationId, Number, IsProvisional, Enum.Parse<Allocation>(Allocation), ReservedCents, AmountAheadCents);
    }

    /// <summary>The last sums read per round with the version they were read at (one per process; readers share them).</summary>
    public sealed class Sums
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (object Version, IReadOnlyList<Group> Groups)> byRound = new();

        internal async Task<IReadOnlyList<Group>> GetAsync(int roundId, object version, Func<Task<IReadOnlyList<Group>>> read)
        {
            if (byRound.TryGetValue(roundId, out var known) && known.Version.Equals(version)) return known.Groups;
            var groups = await read();
            byRound[roundId] = (version, groups);
            return groups;
        }
    }

    public Task<IReadOnlyList<Round>> RoundsAsync(CancellationToken ct) => db.QueryAsync<Round>(RoundsSql, null, ct);

    public async Task<Meter?> ForAsync(string code, CancellationToken ct)
    {
        if (await db.QuerySingleOrDefaultAsync<Round>(RoundByCodeSql, new { code }, ct) is not { } round) return null;
        return await ForAsync(round, ct);
    }

    public Task<Meter> ForAsync(Round round, CancellationToken ct) => db.ReadAsync(tx => ForAsync(tx, round, ct), ct);

    /// <inheritdoc cref="ForAsync(Round, CancellationToken)"/>
    public async Task<Meter> ForAsync(DbTransaction tx, Round round, CancellationToken ct) => (await ForAllAsync(tx, [round], ct))[0];

    /// <summary>The meters of several rounds, in the order given, from one version query.</summary>
    public Task<IReadOnlyList<Meter>> ForAllAsync(IReadOnlyList<Round> rounds, CancellationToken ct) =>
        db.ReadAsync(tx => ForAllAsync(tx, rounds, ct), ct);

    /// <inheritdoc cref="ForAllAsync(IReadOnlyList{Round}, CancellationToken)"/>
    public async Task<IReadOnlyList<Meter>> ForAllAsync(DbTransaction tx, IReadOnlyList<Round> rounds, CancellationToken ct)
    {
        if (rounds.Count == 0) return [];
        var versions = (await tx.QueryAsync<Version>(VersionsSql, new { roundIds = rounds.Select(r => r.Id).Distinct().ToList() }, ct))
            .ToDictionary(v => v.RoundId);
        var today = Amsterdam.Today(clock);
        var meters = new List<Meter>(rounds.Count);
        foreach (var round in rounds)
        {
            var version = versions[round.Id];
            var groups = await sums.GetAsync(round.Id, version with { Seed = null, SeedHash = null },
                () => tx.QueryAsync<Group>(GroupsSql, new { roundId = round.Id }, ct));
            var (totals, states) = Summarise(round.CeilingCents, groups);
            meters.Add(new Meter(round, totals, states, new Lottery(version.Seed, version.SeedHash), today));
        }
        return meters;
    }

    /// <summary>Where one application stands in the stored order; null when it holds no position.</summary>
    public Task<Position?> PositionAsync(int applicationId, CancellationToken ct) => db.ReadAsync(tx => PositionAsync(tx, applicationId, ct), ct);

    /// <inheritdoc cref="PositionAsync(int, CancellationToken)"/>
    public static async Task<Position?> PositionAsync(DbTransaction tx, int applicationId, CancellationToken ct) =>
        (await tx.QuerySingleOrDefaultAsync<StoredPosition>(PositionSql, new { applicationId }, ct))?.Position;

    /// <summary>The meter's figures from the stored groups: the same sums the engine makes over the same outcomes.</summary>
    public static (Totals Totals, IReadOnlyList<StateCount> States) Summarise(long ceilingCents, IReadOnlyCollection<Group> groups)
    {
        long Requested(RankingStatus status) =>
            groups.Where(g => RankingStore.StatusOf(Enum.Parse<ApplicationState>(g.State)) == status).Sum(g => g.RequestedCents);
        long Held(params Allocation[] allocations) =>
            groups.Where(g => g.Allocation is { } a && allocations.Contains(Enum.Parse<Allocation>(a))).Sum(g => g.ReservedCents);
        var totals = new Totals(ceilingCents, Held(Allocation.Granted), Held(Allocation.Reserved, Allocation.PartiallyReserved),
            Requested(RankingStatus.AwaitingCompletion), Requested(RankingStatus.Received));
        var states = groups.GroupBy(g => g.State, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StateCount(g.Key, g.Sum(x => x.Count))).ToList();
        return (totals, states);
    }
}
