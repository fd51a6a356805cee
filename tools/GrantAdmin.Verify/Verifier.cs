using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Verify;

/// <summary>
/// Checks a published ledger without trusting its publisher: the hash chain, the anchors (the file's own and any saved
/// from an earlier download), and the outcome, replayed from the events with the round's published rules by the app's
/// own engine. Stops at the first thing that does not hold and names it.
/// </summary>
public static class Verifier
{
    /// <param name="Ranking">The replayed ranking; null when the chain does not hold (then there is nothing trustworthy to replay).</param>
    public sealed record Report(bool Holds, string Finding, RankingResult? Ranking);

    public static Report Check(PublishedLedger ledger, IReadOnlyList<PublishedLedger.Anchor> savedAnchors)
    {
        if (ledger.FormatVersion != PublishedLedger.CurrentVersion)
            return Fails($"Dit programma kent formaatversie {PublishedLedger.CurrentVersion}, het bestand heeft versie {ledger.FormatVersion}.");
        var rules = ledger.Round;
        if (rules.LotterySeed is { } seed && rules.LotterySeedHash != RankingEngine.SeedHash(seed))
            return Fails("Het gepubliceerde lotingszaad past niet bij de hash die vóór de loting is vastgelegd.");

        var entries = ledger.Events.Select((e, i) => e.ToEntry(i + 1)).ToList();
        if (Ledger.FirstBrokenLink(rules.Id, entries) is { } broken)
        {
            var previous = broken.Sequence == 1 ? Ledger.GenesisHash : entries[broken.Sequence - 2].Hash;
            var why = broken.PreviousHash != previous
                ? broken.Sequence == 1 ? "de keten begint niet bij het begin" : $"de vorige hash is niet de hash van gebeurtenis {broken.Sequence - 1} (een gebeurtenis ontbreekt of staat op een andere plaats)"
                : "de hash past niet bij de gegevens van de regel (bedrag, moment of gebeurtenis veranderd, of de hash vervalst)";
            return Fails($"{Name(ledger, broken.Sequence)} past niet in de hashketen: {why}.");
        }
        if (ledger.Events.Select((e, i) => (e.Sequence, Place: i + 1)).FirstOrDefault(s => s.Sequence != s.Place) is { Place: > 0 } misnumbered)
            return Fails($"{Name(ledger, misnumbered.Place)} draagt volgnummer {misnumbered.Sequence}.");
        var head = entries.LastOrDefault()?.Hash ?? Ledger.GenesisHash;
        if (head != ledger.HeadHash)
            return Fails("De keten eindigt niet bij de gepubliceerde laatste hash: er ontbreken gebeurtenissen aan het eind.");
        foreach (var anchor in ledger.Anchors.Concat(savedAnchors))
        {
            var reached = anchor.Sequence == 0 ? Ledger.GenesisHash : anchor.Sequence <= entries.Count ? entries[anchor.Sequence - 1].Hash : null;
            if (reached != anchor.Hash)
                return Fails($"Het anker van {anchor.Day} (na gebeurtenis {anchor.Sequence}, hash {anchor.Hash[..12]}…) wordt niet bereikt: " +
                    "de geschiedenis tot die dag is achteraf veranderd.");
        }

        IReadOnlyList<RankingInput> replayed;
        try { replayed = Ledger.Replay(entries); }
        catch (InvalidOperationException)
        {
            var orphan = entries.First(e => e.Event != LedgerEvent.Ontvangen && !entries.TakeWhile(x => x != e).Any(x => x.ApplicationId == e.ApplicationId));
            return Fails($"{Name(ledger, orphan.Sequence)} komt vóór de ontvangst van die aanvraag.");
        }
        var ranking = RankingEngine.Compute(rules.Policy, replayed);
        if (FirstDifference(ledger, entries, ranking) is { } difference)
        {
            var secretDraw = rules.Policy is { Tie: TiePolicy.SameDayLottery, LotterySeed: null }
                ? " Let op: het tijdvak is nog open, dus het lotingszaad is nog geheim en een loting kan nog niet worden nagerekend." : "";
            return new(false, difference + secretDraw, ranking);
        }
        return new(true, $"Klopt: {entries.Count} gebeurtenissen in een ongebroken hashketen, {ledger.Anchors.Count + savedAnchors.Count} ankers bereikt, " +
            "en de herberekende rangorde en reserveringen zijn gelijk aan de gepubliceerde.", ranking);
    }

    /// <summary>The first position (in order) where the replay and the published outcome part, named by the application's last event.</summary>
    private static string? FirstDifference(PublishedLedger ledger, List<LedgerEntry> entries, RankingResult ranking)
    {
        var published = ledger.Outcome.ToDictionary(p => p.KenmerkNumber);
        var computed = ranking.Positions.ToDictionary(p => KenmerkOf(entries, p.ApplicationId));
        foreach (var number in computed.Keys.Union(published.Keys).OrderBy(k => computed.GetValueOrDefault(k)?.Number ?? published[k].Position))
        {
            var mine = computed.GetValueOrDefault(number) is { } p ? new PublishedLedger.Placement(number, "", p.Number, p.IsProvisional, p.Allocation.ToString(), p.ReservedCents) : null;
            var theirs = published.GetValueOrDefault(number) is { } q ? q with { Kenmerk = "" } : null;
            if (mine == theirs) continue;
            var last = entries.Last(e => e.KenmerkNumber == number);
            return $"Klopt niet vanaf {Name(ledger, last.Sequence)}: herberekend {Describe(mine)}, gepubliceerd {Describe(theirs)}.";
        }
        return null;
    }

    private static int KenmerkOf(List<LedgerEntry> entries, int applicationId) => entries.First(e => e.ApplicationId == applicationId).KenmerkNumber;

    private static string Describe(PublishedLedger.Placement? p) => p is null ? "geen plaats"
        : $"plaats {p.Position}{(p.Provisional ? " (voorlopig)" : "")}, {Words.Allocation(p.Allocation)}, {Words.Money(p.ReservedCents)} gereserveerd";

    /// <summary>"Gebeurtenis 3 (Volledig, SUVCO-2023-000002)".</summary>
    public static string Name(PublishedLedger ledger, int sequence)
    {
        var e = ledger.Events[sequence - 1];
        return $"Gebeurtenis {sequence} ({e.Name}, {e.Kenmerk})";
    }

    private static Report Fails(string finding) => new(false, finding, null);
}
