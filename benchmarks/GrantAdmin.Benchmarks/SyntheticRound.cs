using GrantAdmin.Web.Features.Applications;
using GrantAdmin.Web.Features.Ranking;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Benchmarks;

/// <summary>One synthetic submitted application: its facts as the applications table holds them.</summary>
public sealed record SyntheticApplication(int Number, long RequestedCents, ApplicationState State, DateTime ReceivedUtc,
    DateTime? SupplementUtc, long? GrantedCents)
{
    public bool JudgedComplete => IsJudgedComplete(State);

    public bool CompletionRequested => SupplementUtc is not null || State is ApplicationState.AanvullingGevraagd or ApplicationState.BuitenBehandeling;

    public DateTime LatestReceiptUtc => SupplementUtc ?? ReceivedUtc;
    public DateTime? RankingMomentUtc => JudgedComplete ? LatestReceiptUtc : null;

    public static bool IsJudgedComplete(ApplicationState state) => state is ApplicationState.Volledig or ApplicationState.BesluitInVoorbereiding
        or ApplicationState.BesluitTerAccordering or ApplicationState.Verleend or ApplicationState.Vastgesteld or ApplicationState.Afgewezen;
}

/// <summary>A ledger row with the moment it was recorded (its own moment may lie earlier: a judgement ranks at the receipt).</summary>
public sealed record SyntheticEntry(LedgerEntry Entry, DateTime RecordedUtc);

/// <summary>
/// A large round, the same every time (fixed seed): receipts strictly increasing over the window, amounts of
/// 1,000–50,000 euro, a mix of states and the ledger events that lead to each (about 2.6 per application).
/// Used by the benchmarks in memory and by the load-test generator in a database.
/// </summary>
public static class SyntheticRound
{
    public static readonly DateOnly OpensOn = new(2025, 1, 6);
    public static readonly DateOnly ClosesOn = new(2025, 4, 30);
    /// <summary>Below the amount asked by the ranked applications, so the walk reaches the ceiling: NoRoom and a lottery day occur.</summary>
    public const long CeilingCents = 1_200_000_000_00;
    public const string LotterySeed = "belastingtest-loting";

    private static readonly (ApplicationState State, int Percent)[] Mix =
    [
        (ApplicationState.Ingediend, 15), (ApplicationState.InBehandeling, 10), (ApplicationState.AanvullingGevraagd, 8),
        (ApplicationState.BuitenBehandeling, 2), (ApplicationState.Volledig, 12), (ApplicationState.BesluitInVoorbereiding, 6),
        (ApplicationState.BesluitTerAccordering, 4), (ApplicationState.Verleend, 20), (ApplicationState.Vastgesteld, 8),
        (ApplicationState.Afgewezen, 5), (ApplicationState.Ingetrokken, 10),
    ];

    public static RoundPolicy Policy(TiePolicy tie) =>
        new(CeilingCents, RemainderPolicy.PartialRemainder, tie, tie == TiePolicy.SameDayLottery ? LotterySeed : null);

    public static IReadOnlyList<SyntheticApplication> Applications(int count, int seed = 2025) => Applications(count, OpensOn, ClosesOn, seed);

    /// <summary>The same mix over another window (the load-test database's earlier rounds).</summary>
    public static IReadOnlyList<SyntheticApplication> Applications(int count, DateOnly opensOn, DateOnly closesOn, int seed)
    {
        var random = new Random(seed);
        var opens = Amsterdam.StartOfDayUtc(opensOn);
        var slotTicks = (Amsterdam.StartOfDayUtc(closesOn.AddDays(1)) - opens).Ticks / count;
        var applications = new List<SyntheticApplication>(count);
        for (var i = 0; i < count; i++)
        {
            // One slot per application, a random instant inside it: distinct and strictly increasing, to the microsecond.
            var received = Amsterdam.TruncateToMicroseconds(opens.AddTicks(i * slotTicks + random.NextInt64(slotTicks)));
            var state = Draw(random.Next(100));
            var requested = random.Next(1_000, 50_001) * 100L;
            // Half of the applications judged complete got there through an aanvulverzoek and a supplement.
            DateTime? supplied = SyntheticApplication.IsJudgedComplete(state) && random.Next(2) == 0
                ? Amsterdam.TruncateToMicroseconds(received.AddDays(5).AddSeconds(random.Next(86_400, 14 * 86_400)))
                : null;
            long? granted = state is ApplicationState.Verleend or ApplicationState.Vastgesteld ? requested : null;
            applications.Add(new SyntheticApplication(i + 1, requested, state, received, supplied, granted));
        }
        return applications;
    }

    /// <summary>The hash-chained ledger of the applications, in the order the events were recorded.</summary>
    public static IReadOnlyList<SyntheticEntry> LedgerOf(IReadOnlyList<SyntheticApplication> applications, int roundId, Func<int, int> applicationIdOf)
    {
        var events = applications.SelectMany(a => EventsOf(a).Select(e => (Application: a, e.Event, e.MomentUtc, e.AmountCents, e.RecordedUtc)))
            .OrderBy(e => e.RecordedUtc).ThenBy(e => e.Application.Number)
            .ToList();
        var entries = new List<SyntheticEntry>(events.Count);
        var previous = Ledger.GenesisHash;
        foreach (var (e, sequence) in events.Select((e, i) => (e, i + 1)))
        {
            var applicationId = applicationIdOf(e.Application.Number);
            var hash = Ledger.HashOf(previous, roundId, applicationId, e.Application.Number, e.Event, e.MomentUtc, e.AmountCents);
            entries.Add(new(new LedgerEntry(sequence, applicationId, e.Application.Number, e.Event, e.MomentUtc, e.AmountCents, previous, hash), e.RecordedUtc));
            previous = hash;
        }
        return entries;
    }

    private static IEnumerable<(LedgerEvent Event, DateTime MomentUtc, long AmountCents, DateTime RecordedUtc)> EventsOf(SyntheticApplication a)
    {
        yield return (LedgerEvent.Ontvangen, a.ReceivedUtc, a.RequestedCents, a.ReceivedUtc);
        if (a.State == ApplicationState.Ingetrokken)
        {
            yield return (LedgerEvent.Ingetrokken, a.ReceivedUtc.AddDays(2), 0, a.ReceivedUtc.AddDays(2));
            yield break;
        }
        if (a.CompletionRequested) yield return (LedgerEvent.AanvullingGevraagd, a.ReceivedUtc.AddDays(5), 0, a.ReceivedUtc.AddDays(5));
        if (a.SupplementUtc is { } supplement) yield return (LedgerEvent.AanvullingOntvangen, supplement, 0, supplement);
        if (!a.JudgedComplete) yield break;
        var judged = a.LatestReceiptUtc.AddDays(3);
        yield return (LedgerEvent.Volledig, a.LatestReceiptUtc, 0, judged);
        if (a.GrantedCents is { } granted) yield return (LedgerEvent.Verleend, judged.AddDays(30), granted, judged.AddDays(30));
        if (a.State == ApplicationState.Afgewezen) yield return (LedgerEvent.Afgewezen, judged.AddDays(30), 0, judged.AddDays(30));
    }

    private static ApplicationState Draw(int percentile)
    {
        foreach (var (state, percent) in Mix)
        {
            if (percentile < percent) return state;
            percentile -= percent;
        }
        throw new InvalidOperationException("The mix does not add up to 100.");
    }
}
