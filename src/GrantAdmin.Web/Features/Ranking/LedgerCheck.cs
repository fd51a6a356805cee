using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>
/// The auditor's check: recompute the ranking from the ledger alone and compare it with what the database
/// holds. Says "klopt", or names the first difference.
/// </summary>
public sealed class LedgerCheck(Db db)
{
    public sealed record Verdict(bool Holds, string Message, int Entries);

    internal const string KenmerkSql = "SELECT kenmerk FROM applications WHERE id = @id";

    internal const string RoundSql = """
        SELECT ledger_head_hash AS HeadHash, ranked_count AS Count, ranked_amount_cents AS AmountCents, ranked_last_moment_utc AS LastMomentUtc,
               ranked_has_unjudged AS HasUnjudged
        FROM rounds WHERE id = @roundId
        """;

    private sealed record RoundRow(string HeadHash, int Count, long AmountCents, DateTime? LastMomentUtc, bool HasUnjudged);

    public async Task<Verdict> RunAsync(int roundId, CancellationToken ct)
    {
        return await db.ReadAsync<Verdict>(async tx =>
        {
            var entries = (await tx.QueryAsync<LedgerEntry>(RankingStore.EntriesSql, new { roundId }, ct))
                .Select(e => e with { MomentUtc = DateTime.SpecifyKind(e.MomentUtc, DateTimeKind.Utc) }).ToList();
            async Task<string> Name(int applicationId) => await tx.QuerySingleOrDefaultAsync<string>(KenmerkSql, new { id = applicationId }, ct) ?? $"#{applicationId}";

            if (Ledger.FirstBrokenLink(roundId, entries) is { } broken)
                return new(false, $"Regel {broken.Sequence} van het grootboek ({broken.Event}, {await Name(broken.ApplicationId)}) past niet in de hashketen: het grootboek is gewijzigd.", entries.Count);
            var round = await tx.QuerySingleAsync<RoundRow>(RoundSql, new { roundId }, ct);
            if (round.HeadHash != (entries.LastOrDefault()?.Hash ?? Ledger.GenesisHash))
                return new(false, "De laatste hash van het grootboek wijkt af van de hash die bij de ronde is vastgelegd: er ontbreken regels.", entries.Count);

            var stored = (await tx.QueryAsync<RankingStore.Stored>(RankingStore.StoredSql, new { roundId }, ct)).ToDictionary(s => s.ApplicationId);
            var replayed = Ledger.Replay(entries);
            foreach (var fromLedger in replayed)
            {
                if (!stored.TryGetValue(fromLedger.ApplicationId, out var row))
                    return new(false, $"Aanvraag #{fromLedger.ApplicationId} staat in het grootboek maar niet in de database.", entries.Count);
                if (row.Input != fromLedger)
                    return new(false, $"Aanvraag {await Name(fromLedger.ApplicationId)}: volgens het grootboek {Describe(fromLedger)}, volgens de database {Describe(row.Input)}.", entries.Count);
            }
            if (stored.Keys.Except(replayed.Select(r => r.ApplicationId)).FirstOrDefault() is var missing and > 0)
                return new(false, $"Aanvraag {await Name(missing)} is ingediend maar staat niet in het grootboek.", entries.Count);

            var policy = (await tx.QuerySingleAsync<RankingStore.PolicyRow>(RankingStore.PolicySql, new { roundId }, ct)).Policy;
            var result = RankingEngine.Compute(policy, replayed);
            var recomputed = result.Positions.ToDictionary(p => p.ApplicationId);
            foreach (var row in stored.Values.OrderBy(r => r.Position ?? int.MaxValue))
            {
                var expected = RankingStore.Outcome.Of(recomputed.GetValueOrDefault(row.ApplicationId), row.KenmerkNumber);
                if (expected != row.Outcome)
                    return new(false, $"Aanvraag {await Name(row.ApplicationId)}: herberekend plaats {expected.Position?.ToString() ?? "geen"} ({expected.Allocation}, {expected.ReservedCents / 100} euro gereserveerd), in de database plaats {row.Position?.ToString() ?? "geen"} ({row.Allocation}, {row.ReservedCents / 100} euro).", entries.Count);
            }
            // The end of the order, kept on the round so that a receipt is placed without recomputing the round.
            var tail = RankingEngine.TailOf(replayed, result);
            if (tail != new RankingTail(round.Count, round.AmountCents, round.LastMomentUtc is { } last ? DateTime.SpecifyKind(last, DateTimeKind.Utc) : null, round.HasUnjudged))
                return new(false, $"Het einde van de rangorde bij de ronde ({round.Count} aanvragen, {round.AmountCents / 100} euro) wijkt af van de herberekening ({tail.Count} aanvragen, {tail.AmountCents / 100} euro).", entries.Count);
            return new(true, $"Klopt: {entries.Count} grootboekregels herberekend; de rangorde en de reserveringen zijn gelijk aan wat de database bevat.", entries.Count);
        }, ct);
    }

    private static string Describe(RankingInput input) =>
        $"{input.Status} op {(input.RankingMomentUtc is { } m ? Amsterdam.Format(m) : "—")} voor {input.RequestedCents / 100} euro";
}
