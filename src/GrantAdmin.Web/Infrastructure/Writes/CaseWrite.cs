using System.Data.Common;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Audit;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Web.Infrastructure.Writes;

/// <summary>
/// A write transaction that holds one round's lock in the database (SQL Server: the round row WITH (UPDLOCK, HOLDLOCK);
/// SQLite: the write transaction). Only this object records a state transition (along the state machine's arrows),
/// appends to the round's ranking ledger and keeps the positions up to date, so none of that can happen without the
/// lock. It is handed out only by <see cref="Db.TryCaseWriteAsync{T}"/>.
/// </summary>
public sealed class CaseWrite : Write
{
    internal CaseWrite(DbTransaction tx, SqlDialect dialect, int roundId) : base(tx, dialect) => RoundId = roundId;

    /// <summary>The round whose lock this transaction holds.</summary>
    public int RoundId { get; }

    internal const string MoveSql = """
        UPDATE applications SET state = @to, updated_at_utc = @now WHERE id = @applicationId AND round_id = @roundId AND state = @from
        """;

    internal const string StateSql = "SELECT state FROM applications WHERE id = @applicationId AND round_id = @roundId";

    internal const string IsDraftOfRoundSql = "SELECT COUNT(*) FROM applications WHERE id = @applicationId AND round_id = @roundId AND state = 'Concept'";

    internal const string InsertTransitionSql = """
        INSERT INTO state_transitions (application_id, from_state, to_state, occurred_at_utc, user_id, reason)
        VALUES (@applicationId, @from, @to, @now, @userId, @reason)
        """;

    internal const string LedgerHeadSql = """
        SELECT ledger_head_hash AS HeadHash, ledger_head_day AS HeadDay, ceiling_cents AS CeilingCents, remainder_policy AS Remainder, tie_policy AS Tie, lottery_seed AS LotterySeed,
               ranked_count AS Count, ranked_amount_cents AS AmountCents, ranked_last_moment_utc AS LastMomentUtc,
               ranked_has_unjudged AS HasUnjudged
        FROM rounds WHERE id = @roundId
        """;

    internal const string InsertLedgerEntrySql = """
        INSERT INTO ranking_ledger (round_id, application_id, kenmerk_number, event, moment_utc, recorded_at_utc, amount_cents, user_id, previous_hash, hash)
        VALUES (@roundId, @ApplicationId, @KenmerkNumber, @Event, @MomentUtc, @NowUtc, @AmountCents, @UserId, @previousHash, @hash)
        """;

    internal const string SetLedgerHeadSql = "UPDATE rounds SET ledger_head_hash = @hash, ledger_head_day = @day WHERE id = @roundId";

    internal const string InsertAnchorSql = "INSERT INTO ledger_anchors (round_id, anchor_day, hash) VALUES (@roundId, @day, @hash)";

    internal const string SetTailSql = """
        UPDATE rounds SET ranked_count = @Count, ranked_amount_cents = @AmountCents, ranked_last_moment_utc = @LastMomentUtc,
            ranked_has_unjudged = @HasUnjudged
        WHERE id = @roundId
        """;

    // A receipt placed at the end: the new head and the new tail in one statement (the hot path of a window opening).
    internal const string SetHeadAndTailSql = """
        UPDATE rounds SET ledger_head_hash = @hash, ledger_head_day = @day, ranked_count = @Count, ranked_amount_cents = @AmountCents, ranked_last_moment_utc = @LastMomentUtc,
            ranked_has_unjudged = @HasUnjudged
        WHERE id = @roundId
        """;

    private sealed record LedgerHead(string HeadHash, DateOnly? HeadDay, long CeilingCents, string Remainder, string Tie, string? LotterySeed, int Count, long AmountCents, DateTime? LastMomentUtc, bool HasUnjudged);

    /// <summary>The application's state as this transaction sees it, under the lock.</summary>
    public async Task<ApplicationState> StateOfAsync(int applicationId, CancellationToken ct) =>
        Enum.Parse<ApplicationState>(await Tx.QuerySingleAsync<string>(StateSql, new { applicationId, roundId = RoundId }, ct));

    /// <summary>
    /// Moves the application along one arrow of the case flow (domain.md §3) and records who, when and why, with its audit
    /// row. An arrow the state machine does not have, an application of another round, or one no longer in
    /// <paramref name="from"/> is a programming error: it throws and the whole change rolls back.
    /// </summary>
    public async Task MoveAsync(int applicationId, ApplicationState from, ApplicationState to, DateTime nowUtc, int? userId, string? reason, CancellationToken ct)
    {
        if (!StateMachine.CanMove(from, to))
            throw new InvalidOperationException($"The case flow has no arrow from {from} to {to} (application {applicationId}).");
        if (await Tx.ExecuteAsync(MoveSql, new { applicationId, roundId = RoundId, from = from.ToString(), to = to.ToString(), now = nowUtc }, ct) != 1)
            throw new InvalidOperationException($"Application {applicationId} of round {RoundId} is not in state {from}.");
        await RecordAsync(applicationId, from, to, nowUtc, userId, reason, ct);
    }

    /// <summary>Records the creation of a draft (the first row of its history); the draft must be this round's and still a draft.</summary>
    public async Task RecordDraftStartedAsync(int applicationId, DateTime nowUtc, int userId, CancellationToken ct)
    {
        if (await Tx.QuerySingleAsync<int>(IsDraftOfRoundSql, new { applicationId, roundId = RoundId }, ct) != 1)
            throw new InvalidOperationException($"Application {applicationId} is not a draft of round {RoundId}.");
        await RecordAsync(applicationId, null, ApplicationState.Concept, nowUtc, userId, null, ct);
    }

    private async Task RecordAsync(int applicationId, ApplicationState? from, ApplicationState to, DateTime nowUtc, int? userId, string? reason, CancellationToken ct)
    {
        await Tx.ExecuteAsync(InsertTransitionSql, new { applicationId, from = from?.ToString(), to = to.ToString(), now = nowUtc, userId, reason }, ct);
        await AuditAsync(nowUtc, new AuditLog.Entry("StatusGewijzigd", userId, applicationId, Details: reason, Before: from?.ToString(), After: to.ToString()), ct);
    }

    /// <summary>
    /// Appends a position-changing event to the round's hash-chained ledger and brings the positions up to date: a receipt
    /// that lands after every ranked application is placed at the end (<see cref="RankingEngine.AppendReceived"/>); any other
    /// event recomputes the round, because it can change the order. The first append of a new Amsterdam day stores the
    /// previous day's last hash as that day's anchor, once and for good.
    /// </summary>
    public async Task AppendToLedgerAsync(LedgerAppend entry, CancellationToken ct)
    {
        var head = await Tx.QuerySingleAsync<LedgerHead>(LedgerHeadSql, new { roundId = RoundId }, ct);
        var day = DateOnly.FromDateTime(Amsterdam.ToLocal(entry.NowUtc));
        if (head.HeadDay is { } headDay && headDay < day)
            await Tx.ExecuteAsync(InsertAnchorSql, new { roundId = RoundId, day = headDay, hash = head.HeadHash }, ct);
        // A clock that steps back must not reopen a day whose anchor is stored.
        if (head.HeadDay is { } later && later > day) day = later;
        var hash = Ledger.HashOf(head.HeadHash, RoundId, entry.ApplicationId, entry.KenmerkNumber, entry.Event, entry.MomentUtc, entry.AmountCents);
        await Tx.ExecuteAsync(InsertLedgerEntrySql, new
        {
            roundId = RoundId, entry.ApplicationId, entry.KenmerkNumber, Event = entry.Event.ToString(), entry.MomentUtc, entry.NowUtc,
            entry.AmountCents, entry.UserId, previousHash = head.HeadHash, hash,
        }, ct);

        var policy = new RankingStore.PolicyRow(head.CeilingCents, head.Remainder, head.Tie, head.LotterySeed).Policy;
        var tail = new RankingTail(head.Count, head.AmountCents, head.LastMomentUtc is { } m ? DateTime.SpecifyKind(m, DateTimeKind.Utc) : null, head.HasUnjudged);
        if (entry.Event == LedgerEvent.Ontvangen)
        {
            var received = new RankingInput(entry.ApplicationId, entry.KenmerkNumber, entry.AmountCents, RankingStatus.Received, entry.MomentUtc);
            if (RankingEngine.AppendReceived(policy, tail, received) is { } position)
            {
                await RankingStore.StorePositionAsync(this, RankingStore.Outcome.Of(position, entry.KenmerkNumber), entry.ApplicationId, ct);
                var extended = RankingEngine.Extend(tail, received);
                await Tx.ExecuteAsync(SetHeadAndTailSql, new { hash, day, extended.Count, extended.AmountCents, extended.LastMomentUtc, extended.HasUnjudged, roundId = RoundId }, ct);
                return;
            }
        }
        await Tx.ExecuteAsync(SetLedgerHeadSql, new { hash, day, roundId = RoundId }, ct);
        await RecomputeRankingAsync(ct);
    }

    /// <summary>Runs the engine over the whole round and stores each changed position and the tail.</summary>
    public async Task<RankingResult> RecomputeRankingAsync(CancellationToken ct)
    {
        var (result, tail) = await RankingStore.RecomputeAsync(this, ct);
        await StoreTailAsync(tail, ct);
        return result;
    }

    private Task StoreTailAsync(RankingTail tail, CancellationToken ct) =>
        Tx.ExecuteAsync(SetTailSql, new { tail.Count, tail.AmountCents, tail.LastMomentUtc, tail.HasUnjudged, roundId = RoundId }, ct);
}
