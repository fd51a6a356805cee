using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>A position-changing event as the handler that causes it records it (the round is the locked one; for a receipt the amount is the requested amount).</summary>
public sealed record LedgerAppend(int ApplicationId, int KenmerkNumber, LedgerEvent Event, DateTime MomentUtc, long AmountCents, int? UserId, DateTime NowUtc);

/// <summary>
/// The ranking in the database: each application's position and reservation as the engine computes them. Written only
/// through <see cref="Infrastructure.Writes.CaseWrite"/>, which holds the round's lock and keeps the ledger.
/// </summary>
public static class RankingStore
{
    internal const string PolicySql = """
        SELECT ceiling_cents AS CeilingCents, remainder_policy AS Remainder, tie_policy AS Tie, lottery_seed AS LotterySeed
        FROM rounds WHERE id = @roundId
        """;

    internal const string StoredSql = """
        SELECT id AS ApplicationId, kenmerk_number AS KenmerkNumber, requested_cents AS RequestedCents, state,
               latest_receipt_utc AS LatestReceiptUtc, ranking_moment_utc AS RankingMomentUtc, granted_cents AS GrantedCents,
               ranking_position AS Position, position_provisional AS Provisional, allocation, reserved_cents AS ReservedCents,
               queue_order AS QueueOrder
        FROM applications WHERE round_id = @roundId AND kenmerk IS NOT NULL
        """;

    internal const string UpdatePositionSql = """
        UPDATE applications SET ranking_position = @Position, position_provisional = @Provisional, allocation = @Allocation,
            reserved_cents = @ReservedCents, queue_order = @QueueOrder
        WHERE id = @ApplicationId
        """;

    internal const string EntriesSql = """
        SELECT id AS Sequence, application_id AS ApplicationId, kenmerk_number AS KenmerkNumber, event, moment_utc AS MomentUtc,
               amount_cents AS AmountCents, previous_hash AS PreviousHash, hash
        FROM ranking_ledger WHERE round_id = @roundId ORDER BY id
        """;

    /// <summary>An application's ranking facts and stored outcome, as the applications table holds them.</summary>
    public sealed record Stored(int ApplicationId, int KenmerkNumber, long? RequestedCents, string State, DateTime? LatestReceiptUtc,
        DateTime? RankingMomentUtc, long? GrantedCents, int? Position, bool Provisional, string? Allocation, long ReservedCents, int QueueOrder)
    {
        public RankingInput Input => new(ApplicationId, KenmerkNumber, RequestedCents ?? 0, StatusOf(Enum.Parse<ApplicationState>(State)),
            StatusOf(Enum.Parse<ApplicationState>(State)) switch
            {
                RankingStatus.Received => Utc(LatestReceiptUtc),
                RankingStatus.Complete or RankingStatus.Granted => Utc(RankingMomentUtc),
                _ => null,
            }, GrantedCents ?? 0);

        public Outcome Outcome => new(Position, Provisional, Allocation, ReservedCents, QueueOrder);
    }

    /// <summary>What the engine decides for one application, as stored. The queue order puts ranked applications by position, then the rest by kenmerk.</summary>
    public sealed record Outcome(int? Position, bool Provisional, string? Allocation, long ReservedCents, int QueueOrder)
    {
        public const int UnrankedBase = 1_000_000_000;

        public static Outcome Of(Position? p, int kenmerkNumber) => p is null
            ? new(null, false, null, 0, UnrankedBase + kenmerkNumber)
            : new(p.Number, p.IsProvisional, p.Allocation.ToString(), p.ReservedCents, p.Number);
    }

    public sealed record PolicyRow(long CeilingCents, string Remainder, string Tie, string? LotterySeed)
    {
        public RoundPolicy Policy => new(CeilingCents, Enum.Parse<RemainderPolicy>(Remainder), Enum.Parse<TiePolicy>(Tie), LotterySeed);
    }

    public static RankingStatus StatusOf(ApplicationState state) => state switch
    {
        ApplicationState.Ingediend or ApplicationState.InBehandeling => RankingStatus.Received,
        ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling => RankingStatus.AwaitingCompletion,
        ApplicationState.Volledig or ApplicationState.BesluitInVoorbereiding or ApplicationState.BesluitTerAccordering => RankingStatus.Complete,
        ApplicationState.Verleend or ApplicationState.Vastgesteld => RankingStatus.Granted,
        _ => RankingStatus.Released,
    };

    internal static Task StorePositionAsync(Infrastructure.Writes.CaseWrite w, Outcome outcome, int applicationId, CancellationToken ct) =>
        w.Tx.ExecuteAsync(UpdatePositionSql, new { ApplicationId = applicationId, outcome.Position, outcome.Provisional, outcome.Allocation, outcome.ReservedCents, outcome.QueueOrder }, ct);

    /// <summary>Runs the engine over the round's applications and stores each changed position; returns the result and its tail.</summary>
    internal static async Task<(RankingResult Result, RankingTail Tail)> RecomputeAsync(Infrastructure.Writes.CaseWrite w, CancellationToken ct)
    {
        var (tx, roundId) = (w.Tx, w.RoundId);
        var policy = (await tx.QuerySingleAsync<PolicyRow>(PolicySql, new { roundId }, ct)).Policy;
        var stored = await tx.QueryAsync<Stored>(StoredSql, new { roundId }, ct);
        var inputs = stored.Select(s => s.Input).ToList();
        var result = RankingEngine.Compute(policy, inputs);
        var positions = result.Positions.ToDictionary(p => p.ApplicationId);
        foreach (var row in stored)
        {
            var outcome = Outcome.Of(positions.GetValueOrDefault(row.ApplicationId), row.KenmerkNumber);
            if (outcome != row.Outcome) await StorePositionAsync(w, outcome, row.ApplicationId, ct);
        }
        return (result, RankingEngine.TailOf(inputs, result));
    }

    /// <summary>The engine over the applications as stored now (read only).</summary>
    internal static async Task<RankingResult> ComputeAsync(Db db, int roundId, CancellationToken ct)
    {
        return await db.ReadAsync(async tx =>
        {
            var policy = (await tx.QuerySingleAsync<PolicyRow>(PolicySql, new { roundId }, ct)).Policy;
            var stored = await tx.QueryAsync<Stored>(StoredSql, new { roundId }, ct);
            return RankingEngine.Compute(policy, stored.Select(s => s.Input).ToList());
        }, ct);
    }

    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;
}
