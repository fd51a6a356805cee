using System.Data.Common;
using System.Globalization;
using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>
/// A round's ranking ledger as open data (issue 18): anyone can download it without logging in and replay the ranking with
/// tools/GrantAdmin.Verify. Read in one transaction, so the events, the head, the outcome and the anchors belong together.
/// </summary>
public sealed class PublishLedger(Db db, TimeProvider clock)
{
    // Only public facts: the gemeente (a public body) and the ledger's own columns; never the user, contact or remarks.
    internal const string EventsSql = """
        SELECT l.application_id AS ApplicationId, l.kenmerk_number AS KenmerkNumber, a.kenmerk, m.name AS Municipality, m.cbs_code AS CbsCode,
               l.event, l.moment_utc AS MomentUtc, l.amount_cents AS AmountCents, l.previous_hash AS PreviousHash, l.hash
        FROM ranking_ledger l
        JOIN applications a ON a.id = l.application_id
        JOIN municipalities m ON m.id = a.municipality_id
        WHERE l.round_id = @roundId
        ORDER BY l.id
        """;

    internal const string OutcomeSql = """
        SELECT kenmerk_number AS KenmerkNumber, kenmerk, ranking_position AS Position, position_provisional AS Provisional, allocation,
               reserved_cents AS ReservedCents
        FROM applications WHERE round_id = @roundId AND ranking_position IS NOT NULL
        ORDER BY ranking_position
        """;

    // For several rounds at once: /plafond shows every round's anchors, and a query (and transaction) per round was most of its SQL.
    internal const string HeadsSql = "SELECT id AS RoundId, ledger_head_day AS Day, ledger_head_hash AS Hash FROM rounds WHERE id IN @roundIds";

    internal const string AnchorsSql = """
        SELECT round_id AS RoundId, anchor_day AS Day, hash FROM ledger_anchors WHERE round_id IN @roundIds ORDER BY round_id, anchor_day
        """;

    private sealed record EventRow(int ApplicationId, int KenmerkNumber, string Kenmerk, string Municipality, string CbsCode, string Event,
        DateTime MomentUtc, long AmountCents, string PreviousHash, string Hash);

    private sealed record AnchorRow(int RoundId, DateOnly? Day, string Hash);

    /// <summary>A day's last hash as /plafond shows it; the running day is not closed yet.</summary>
    public sealed record DayAnchor(DateOnly Day, string Hash, bool Closed);

    internal const string LotterySql = "SELECT lottery_seed AS Seed, lottery_seed_hash AS SeedHash FROM rounds WHERE id = @roundId";

    public async Task<PublishedLedger?> ForAsync(string roundCode, CancellationToken ct)
    {
        return await db.ReadAsync(async tx =>
        {
            if (await tx.QuerySingleOrDefaultAsync<Round>(CeilingMeter.RoundByCodeSql, new { code = roundCode }, ct) is not { } round) return null;
            var lottery = (await tx.QuerySingleOrDefaultAsync<CeilingMeter.Lottery>(LotterySql, new { roundId = round.Id }, ct))!;
            var events = (await tx.QueryAsync<EventRow>(EventsSql, new { roundId = round.Id }, ct))
                .Select((e, i) => new PublishedLedger.Event(i + 1, e.ApplicationId, e.KenmerkNumber, e.Kenmerk, e.Municipality, e.CbsCode, e.Event,
                    Ledger.FormatMoment(e.MomentUtc), Amsterdam.Iso(e.MomentUtc), e.AmountCents, e.PreviousHash, e.Hash))
                .ToList();
            var outcome = await tx.QueryAsync<PublishedLedger.Placement>(OutcomeSql, new { roundId = round.Id }, ct);
            var anchors = (await AnchorsAsync(tx, [round.Id], ct))[round.Id];
            var sequenceOf = events.ToDictionary(e => e.Hash, e => e.Sequence);

            var now = clock.GetUtcNow().UtcDateTime;
            var rules = new PublishedLedger.RoundRules(round.Id, round.Code, round.Name, Iso(round.OpensOn), Iso(round.ClosesOn), round.CeilingCents,
                round.MaxPerApplicantCents, round.RemainderPolicy, round.TiePolicy, lottery.SeedHash,
                CeilingMeter.SeedIsPublic(round, Amsterdam.Today(clock)) ? lottery.Seed : null, round.RuleVersion);
            return new PublishedLedger(PublishedLedger.CurrentVersion, "/plafond/" + PublishedLedger.SchemaFileName, Ledger.FormatMoment(now), rules, events,
                events.LastOrDefault()?.Hash ?? Ledger.GenesisHash, outcome,
                anchors.Select(a => new PublishedLedger.Anchor(Iso(a.Day), a.Hash, sequenceOf.GetValueOrDefault(a.Hash), a.Closed)).ToList());
        }, ct);
    }

    /// <summary>The rounds' daily anchors for /plafond, per round id: the stored ones and the running day's head.</summary>
    public Task<IReadOnlyDictionary<int, IReadOnlyList<DayAnchor>>> AnchorsAsync(IReadOnlyList<int> roundIds, CancellationToken ct) =>
        db.ReadAsync(tx => AnchorsAsync(tx, roundIds, ct), ct);

    private static async Task<IReadOnlyDictionary<int, IReadOnlyList<DayAnchor>>> AnchorsAsync(DbTransaction tx, IReadOnlyList<int> roundIds, CancellationToken ct)
    {
        var stored = (await tx.QueryAsync<AnchorRow>(AnchorsSql, new { roundIds }, ct)).ToLookup(a => a.RoundId);
        var heads = await tx.QueryAsync<AnchorRow>(HeadsSql, new { roundIds }, ct);
        return heads.ToDictionary(h => h.RoundId, h =>
        {
            var anchors = stored[h.RoundId].Select(a => new DayAnchor(a.Day!.Value, a.Hash, Closed: true)).ToList();
            // Until the next append stores it, the head's day is anchored by the round's head itself.
            if (h.Day is { } day && anchors.All(a => a.Day < day)) anchors.Add(new DayAnchor(day, h.Hash, Closed: false));
            return (IReadOnlyList<DayAnchor>)anchors;
        });
    }

    /// <summary>The events as CSV (one row each), for spreadsheets; the round's rules and the outcome are in the JSON file.</summary>
    public static byte[] Csv(PublishedLedger ledger) => CsvFile.Write(
        ["round", "sequence", "applicationId", "kenmerkNumber", "kenmerk", "municipality", "cbsCode", "name", "momentUtc", "momentAmsterdam",
            "amountCents", "previousHash", "hash"],
        ledger.Events.Select(e => (IReadOnlyList<string>)[ledger.Round.Code, Text(e.Sequence), Text(e.ApplicationId), Text(e.KenmerkNumber), e.Kenmerk,
            e.Municipality, e.CbsCode, e.Name, e.MomentUtc, e.MomentAmsterdam, Text(e.AmountCents), e.PreviousHash, e.Hash]),
        // Open data is read by systems first: plain comma-separated UTF-8, as the open-data standards ask.
        CsvFile.Dialect.Rfc4180);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
