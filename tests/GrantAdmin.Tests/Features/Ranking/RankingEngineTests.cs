using CsCheck;
using GrantAdmin.Web.Features.Ranking;

namespace GrantAdmin.Tests.Features.Ranking;

public sealed class RankingEngineTests
{
    private static readonly DateTime T0 = new(2023, 1, 2, 8, 0, 0, DateTimeKind.Utc);
    private const long Euro = 100;

    private static RankingInput App(int id, long euros, RankingStatus status, int minutes, long grantedEuros = 0) =>
        new(id, id, euros * Euro, status, status == RankingStatus.AwaitingCompletion ? null : T0.AddMinutes(minutes), grantedEuros * Euro);

    private static RoundPolicy Policy(long ceilingEuros, RemainderPolicy remainder = RemainderPolicy.PartialRemainder) =>
        new(ceilingEuros * Euro, remainder, TiePolicy.ExactMoment, null);

    [Fact]
    public void CompleteApplications_ReservedInOrderOfRankingMoment_UntilTheCeiling()
    {
        var result = RankingEngine.Compute(Policy(100_000),
        [
            App(3, 50_000, RankingStatus.Complete, 30),
            App(1, 40_000, RankingStatus.Complete, 10),
            App(2, 30_000, RankingStatus.Complete, 20),
        ]);

        Assert.Equal([1, 2, 3], result.Positions.Select(p => p.ApplicationId));
        Assert.Equal([Allocation.Reserved, Allocation.Reserved, Allocation.PartiallyReserved], result.Positions.Select(p => p.Allocation));
        Assert.Equal(30_000 * Euro, result.Positions[2].ReservedCents);
        Assert.Equal(70_000 * Euro, result.Positions[2].AmountAheadCents);
        Assert.Equal(0, result.AvailableCents);
    }

    [Fact]
    public void StopAtFirstMisfit_FirstThatDoesNotFit_GetsNothing_AndNoLaterOneJumpsAhead()
    {
        var result = RankingEngine.Compute(Policy(100_000, RemainderPolicy.StopAtFirstMisfit),
        [
            App(1, 80_000, RankingStatus.Complete, 1),
            App(2, 30_000, RankingStatus.Complete, 2),
            App(3, 10_000, RankingStatus.Complete, 3), // would fit, but comes after one that did not: FCFS stops
        ]);

        Assert.Equal([Allocation.Reserved, Allocation.NoRoom, Allocation.NoRoom], result.Positions.Select(p => p.Allocation));
        Assert.Equal(20_000 * Euro, result.AvailableCents);
    }

    [Fact]
    public void SkipMisfits_ALaterSmallerOneThatFits_IsServed_InOrder()
    {
        var result = RankingEngine.Compute(Policy(100_000, RemainderPolicy.SkipMisfits),
        [
            App(1, 80_000, RankingStatus.Complete, 1),
            App(2, 30_000, RankingStatus.Complete, 2),
            App(3, 10_000, RankingStatus.Complete, 3), // fits in the 20,000 left: served
            App(4, 15_000, RankingStatus.Complete, 4), // 10,000 left now: does not fit
            App(5, 10_000, RankingStatus.Complete, 5), // fits exactly
        ]);

        Assert.Equal([1, 2, 3, 4, 5], result.Positions.Select(p => p.ApplicationId));
        Assert.Equal([Allocation.Reserved, Allocation.NoRoom, Allocation.Reserved, Allocation.NoRoom, Allocation.Reserved],
            result.Positions.Select(p => p.Allocation));
        Assert.Equal(0, result.AvailableCents);
    }

    [Theory]
    [InlineData(RemainderPolicy.PartialRemainder, new[] { Allocation.Reserved, Allocation.PartiallyReserved, Allocation.NoRoom })]
    [InlineData(RemainderPolicy.StopAtFirstMisfit, new[] { Allocation.Reserved, Allocation.NoRoom, Allocation.NoRoom })]
    [InlineData(RemainderPolicy.SkipMisfits, new[] { Allocation.Reserved, Allocation.NoRoom, Allocation.Reserved })]
    public void EachRemainderPolicy_ItsOwnReading(RemainderPolicy remainder, Allocation[] expected)
    {
        var result = RankingEngine.Compute(Policy(100_000, remainder),
            [App(1, 80_000, RankingStatus.Complete, 1), App(2, 30_000, RankingStatus.Complete, 2), App(3, 10_000, RankingStatus.Complete, 3)]);

        Assert.Equal(expected, result.Positions.Select(p => p.Allocation));
    }

    [Fact]
    public void Withdrawal_ReleasesReservation_NextInLineMovesUp()
    {
        RankingInput[] before = [App(1, 50_000, RankingStatus.Complete, 1), App(2, 50_000, RankingStatus.Complete, 2), App(3, 50_000, RankingStatus.Complete, 3)];
        var after = before.Select(a => a.ApplicationId == 1 ? a with { Status = RankingStatus.Released } : a).ToList();

        var first = RankingEngine.Compute(Policy(100_000), before);
        var second = RankingEngine.Compute(Policy(100_000), after);

        Assert.Equal(Allocation.NoRoom, first.For(3)!.Allocation);
        Assert.Equal(Allocation.Reserved, second.For(3)!.Allocation);
        Assert.Equal(2, second.For(3)!.Number);
        Assert.Null(second.For(1));
    }

    [Fact]
    public void Position_ProvisionalOnlyWhileSomethingAheadIsUnjudged()
    {
        var result = RankingEngine.Compute(Policy(1_000_000),
        [
            App(1, 10_000, RankingStatus.Complete, 1),
            App(2, 10_000, RankingStatus.Received, 2),
            App(3, 10_000, RankingStatus.Complete, 3),
            App(4, 10_000, RankingStatus.AwaitingCompletion, 0),
        ]);

        // 2 is unjudged itself, but nothing ahead of it can move: its number is final. 3 waits on 2.
        Assert.Equal([false, false, true], result.Positions.Select(p => p.IsProvisional));
        Assert.Equal(Allocation.NotYetComplete, result.For(2)!.Allocation);
        Assert.Null(result.For(4));
        Assert.Equal(10_000 * Euro, result.AwaitingCompletionCents);
        Assert.Equal(10_000 * Euro, result.NotYetJudgedCents);
    }

    [Fact]
    public void Supplement_MovesApplicationToItsSupplementMoment()
    {
        var a = new DateTime(2023, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        LedgerEntry[] ledger =
        [
            Entry(1, 1, LedgerEvent.Ontvangen, a, 50_000),
            Entry(2, 2, LedgerEvent.Ontvangen, a.AddHours(1), 50_000),
            Entry(3, 1, LedgerEvent.AanvullingGevraagd, a.AddDays(1), 0),
            Entry(4, 2, LedgerEvent.Volledig, a.AddHours(1), 0),
            Entry(5, 1, LedgerEvent.AanvullingOntvangen, a.AddDays(5), 0),
            Entry(6, 1, LedgerEvent.Volledig, a.AddDays(5), 0),
        ];

        var result = RankingEngine.Compute(Policy(100_000), Ledger.Replay(ledger));

        Assert.Equal([2, 1], result.Positions.Select(p => p.ApplicationId));
        Assert.Equal(a.AddDays(5), Ledger.Replay(ledger).Single(x => x.ApplicationId == 1).RankingMomentUtc);
    }

    [Fact]
    public void LedgerChain_DetectsATamperedRow()
    {
        var a = new DateTime(2023, 1, 2, 9, 0, 0, DateTimeKind.Utc);
        var chain = Chain(7, [(1, LedgerEvent.Ontvangen, a, 10_000), (2, LedgerEvent.Ontvangen, a.AddMinutes(1), 20_000), (1, LedgerEvent.Volledig, a, 0)]);
        Assert.Null(Ledger.FirstBrokenLink(7, chain));

        var tampered = chain.Select(e => e.Sequence == 2 ? e with { AmountCents = 1 } : e).ToList();
        Assert.Equal(2, Ledger.FirstBrokenLink(7, tampered)!.Sequence);
        Assert.Equal(1, Ledger.FirstBrokenLink(8, chain)!.Sequence); // the round is part of every hash
    }

    [Fact]
    public void SameDayLottery_OrdersOnlyTheCrossingDay_ByTheSeededDraw()
    {
        var day1 = new DateTime(2023, 1, 2, 8, 0, 0, DateTimeKind.Utc);
        var day2 = day1.AddDays(1);
        RankingInput[] apps =
        [
            new(1, 1, 40_000 * Euro, RankingStatus.Complete, day1),
            new(2, 2, 40_000 * Euro, RankingStatus.Complete, day2),
            new(3, 3, 40_000 * Euro, RankingStatus.Complete, day2.AddMinutes(1)),
            new(4, 4, 40_000 * Euro, RankingStatus.Complete, day2.AddMinutes(2)),
        ];
        var policy = new RoundPolicy(100_000 * Euro, RemainderPolicy.StopAtFirstMisfit, TiePolicy.SameDayLottery, "zaad-2023");

        var result = RankingEngine.Compute(policy, apps);

        Assert.Equal(DateOnly.FromDateTime(day2), result.LotteryDay);
        Assert.Equal(1, result.Positions[0].ApplicationId);
        var drawn = new[] { 2, 3, 4 }.OrderBy(id => RankingEngine.DrawKey("zaad-2023", id), StringComparer.Ordinal);
        Assert.Equal(drawn, result.Positions.Skip(1).Select(p => p.ApplicationId));
        Assert.Equal(result, RankingEngine.Compute(policy, apps.Reverse().ToList()), new ResultComparer());
    }

    // ---- properties ----

    // Complete three times as often as the others: most applications end up judged complete.
    private static readonly RankingStatus[] Statuses = [RankingStatus.Received, RankingStatus.AwaitingCompletion,
        RankingStatus.Complete, RankingStatus.Complete, RankingStatus.Complete, RankingStatus.Released];
    private static readonly Gen<RankingStatus> StatusGen = Gen.Int[0, Statuses.Length - 1].Select(i => Statuses[i]);

    private static readonly Gen<List<RankingInput>> AppsGen =
        Gen.Select(Gen.Int[1, 50], StatusGen, Gen.Int[0, 60 * 24 * 90]).List[0, 60]
            .Select(list => list.Select((x, i) => new RankingInput(i + 1, i + 1, x.Item1 * 1_000 * Euro, x.Item2,
                x.Item2 == RankingStatus.AwaitingCompletion ? null : T0.AddMinutes(x.Item3).AddTicks(i * 10))).ToList());

    private static readonly Gen<RemainderPolicy> RemainderGen = Gen.Enum<RemainderPolicy>();

    private static readonly Gen<RoundPolicy> PolicyGen = Gen.Select(Gen.Int[1, 2_000], RemainderGen, Gen.Bool, Gen.String[Gen.Char.AlphaNumeric, 1, 12])
        .Select(p => new RoundPolicy(p.Item1 * 1_000 * Euro, p.Item2,
            p.Item3 ? TiePolicy.SameDayLottery : TiePolicy.ExactMoment, p.Item4));

    [Fact]
    public void Property_CeilingNeverExceeded_PositionsUniqueAndComplete()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var result = RankingEngine.Compute(policy, apps);
            var ranked = apps.Where(a => a.Status is RankingStatus.Received or RankingStatus.Complete).Select(a => a.ApplicationId).Order();
            return result.GrantedCents + result.ReservedCents <= policy.CeilingCents
                && result.Positions.Select(p => p.Number).SequenceEqual(Enumerable.Range(1, result.Positions.Count))
                && result.Positions.Select(p => p.ApplicationId).Order().SequenceEqual(ranked)
                && result.AvailableCents >= 0;
        });
    }

    [Fact]
    public void Property_ExactMoment_OrderFollowsRankingMoments_AndReservationsArePrefixOfCompletes()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var exact = policy with { Tie = TiePolicy.ExactMoment, Remainder = policy.Remainder == RemainderPolicy.SkipMisfits ? RemainderPolicy.StopAtFirstMisfit : policy.Remainder };
            var result = RankingEngine.Compute(exact, apps);
            var moments = result.Positions.Select(p => apps.Single(a => a.ApplicationId == p.ApplicationId).RankingMomentUtc!.Value).ToList();
            var completes = result.Positions.Where(p => p.Allocation != Allocation.NotYetComplete).Select(p => p.Allocation).ToList();
            var firstNotReserved = completes.FindIndex(a => a != Allocation.Reserved);
            return moments.Zip(moments.Skip(1)).All(m => m.First <= m.Second)
                && (firstNotReserved < 0 || completes.Skip(firstNotReserved + 1).All(a => a == Allocation.NoRoom));
        });
    }

    [Fact]
    public void Property_APositionIsProvisional_ExactlyWhenAnApplicationAheadIsUnjudged()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var status = apps.ToDictionary(a => a.ApplicationId, a => a.Status);
            var positions = RankingEngine.Compute(policy, apps).Positions;
            return positions.Select((p, i) => p.IsProvisional == positions.Take(i).Any(q => status[q.ApplicationId] == RankingStatus.Received)).All(x => x);
        });
    }

    [Fact]
    public void Property_SkipMisfits_NoOneThatFitsIsRefused_AndNoLaterOneThatIsServedIsLarger()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var skip = policy with { Remainder = RemainderPolicy.SkipMisfits };
            var result = RankingEngine.Compute(skip, apps);
            var requested = apps.ToDictionary(a => a.ApplicationId, a => a.RequestedCents);
            var walk = result.Positions.Where(p => p.Allocation is Allocation.Reserved or Allocation.NoRoom).ToList();
            // A refused one did not fit at its turn; what is left only shrinks, so it does not fit at the end either,
            // and every one served after it asked less than it (first come, first served among those that fit).
            return walk.Select((p, i) => (p, i)).Where(x => x.p.Allocation == Allocation.NoRoom).All(x =>
                    requested[x.p.ApplicationId] > result.AvailableCents
                    && walk.Skip(x.i + 1).Where(l => l.Allocation == Allocation.Reserved).All(l => requested[l.ApplicationId] < requested[x.p.ApplicationId]))
                && result.Positions.All(p => p.Allocation != Allocation.PartiallyReserved)
                && result.GrantedCents + result.ReservedCents <= skip.CeilingCents
                && result.Positions.Select(p => p.Number).SequenceEqual(Enumerable.Range(1, result.Positions.Count));
        });
    }

    [Fact]
    public void Property_SkipMisfits_ServesAtLeastWhatStopAtFirstMisfitServes()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var stop = RankingEngine.Compute(policy with { Remainder = RemainderPolicy.StopAtFirstMisfit }, apps);
            var skip = RankingEngine.Compute(policy with { Remainder = RemainderPolicy.SkipMisfits }, apps);
            // The same order; skipping only adds reservations after the first misfit.
            return stop.Positions.Select(p => p.ApplicationId).SequenceEqual(skip.Positions.Select(p => p.ApplicationId))
                && stop.Positions.Zip(skip.Positions).All(x => x.First.Allocation != Allocation.Reserved || x.Second.Allocation == Allocation.Reserved)
                && skip.ReservedCents >= stop.ReservedCents;
        });
    }

    [Fact]
    public void Property_SameInputsAndSeed_SameResult_WhateverTheInputOrder()
    {
        Gen.Select(PolicyGen, AppsGen, Gen.Int).Sample((policy, apps, shuffleSeed) =>
        {
            var shuffled = apps.OrderBy(_ => new Random(shuffleSeed).Next()).ToList();
            return new ResultComparer().Equals(RankingEngine.Compute(policy, apps), RankingEngine.Compute(policy, shuffled));
        });
    }

    [Fact]
    public void Property_GrantingTheReservations_KeepsEveryAmountAndTheCeiling()
    {
        Gen.Select(PolicyGen, AppsGen).Sample((policy, apps) =>
        {
            var first = RankingEngine.Compute(policy, apps);
            var granted = apps.Select(a => first.For(a.ApplicationId) is { Allocation: Allocation.Reserved or Allocation.PartiallyReserved } p
                ? a with { Status = RankingStatus.Granted, GrantedCents = p.ReservedCents } : a).ToList();
            var second = RankingEngine.Compute(policy with { Tie = TiePolicy.ExactMoment }, granted);
            return second.GrantedCents == first.ReservedCents && second.GrantedCents + second.ReservedCents <= policy.CeilingCents;
        });
    }

    [Fact]
    public void Property_LedgerReplay_EqualsTheStateBuiltEventByEvent()
    {
        // Random valid histories: each application is received, may be asked to complete and supplement, judged, withdrawn.
        var history = Gen.Select(Gen.Int[1, 50], Gen.Int[0, 3], Gen.Int[0, 500]).List[1, 40];
        history.Sample(steps =>
        {
            var entries = new List<LedgerEntry>();
            var expected = new Dictionary<int, RankingInput>();
            var clock = T0;
            foreach (var ((amount, path, minutes), index) in steps.Select((s, i) => (s, i)))
            {
                var id = index + 1;
                clock = clock.AddMinutes(minutes).AddTicks(10);
                entries.Add(Entry(entries.Count + 1, id, LedgerEvent.Ontvangen, clock, amount * 1_000));
                expected[id] = new RankingInput(id, id, amount * 1_000 * Euro, RankingStatus.Received, clock);
                if (path >= 1)
                {
                    entries.Add(Entry(entries.Count + 1, id, LedgerEvent.AanvullingGevraagd, clock, 0));
                    clock = clock.AddTicks(10);
                    entries.Add(Entry(entries.Count + 1, id, LedgerEvent.AanvullingOntvangen, clock, 0));
                    expected[id] = expected[id] with { RankingMomentUtc = clock };
                }
                if (path >= 2)
                {
                    entries.Add(Entry(entries.Count + 1, id, LedgerEvent.Volledig, expected[id].RankingMomentUtc!.Value, 0));
                    expected[id] = expected[id] with { Status = RankingStatus.Complete };
                }
                if (path == 3)
                {
                    entries.Add(Entry(entries.Count + 1, id, LedgerEvent.Ingetrokken, clock, 0));
                    expected[id] = expected[id] with { Status = RankingStatus.Released, RankingMomentUtc = null };
                }
            }
            return Ledger.Replay(entries).SequenceEqual(expected.Values.OrderBy(a => a.ApplicationId));
        });
    }

    // Some applications granted (their granted amount, at most the requested one, spent from the ceiling).
    private static readonly Gen<List<RankingInput>> WithGrantsGen = Gen.Select(AppsGen, Gen.Int[0, 9].List[60])
        .Select((apps, grants) => apps.Select((a, i) => grants[i] == 0 && a.RankingMomentUtc is not null
            ? a with { Status = RankingStatus.Granted, GrantedCents = a.RequestedCents - grants[(i + 1) % 60] * Euro } : a).ToList());

    [Fact]
    public void Property_AReceiptAfterEveryRankedApplication_IsPlacedAtTheEnd_ExactlyAsARecomputeWould()
    {
        Gen.Select(PolicyGen, WithGrantsGen, Gen.Int[1, 50], Gen.Int[1, 600]).Sample((policy, apps, euros, minutesLater) =>
        {
            var before = RankingEngine.Compute(policy, apps);
            var last = apps.Select(a => a.RankingMomentUtc).Max() ?? T0;
            var received = new RankingInput(apps.Count + 1, apps.Count + 1, euros * 1_000 * Euro, RankingStatus.Received, last.AddMinutes(minutesLater));
            var after = RankingEngine.Compute(policy, [.. apps, received]);

            var appended = RankingEngine.AppendReceived(policy, RankingEngine.TailOf(apps, before), received);
            var lotteryMayReorder = policy.Tie == TiePolicy.SameDayLottery;
            return lotteryMayReorder
                ? appended is null
                : appended == after.Positions[^1]
                    && after.Positions.Take(before.Positions.Count).SequenceEqual(before.Positions) // nothing before it moved
                    && RankingEngine.Extend(RankingEngine.TailOf(apps, before), received) == RankingEngine.TailOf([.. apps, received], after);
        });
    }

    [Fact]
    public void AppendReceived_RefusesAMomentThatIsNotAfterTheTail()
    {
        var policy = new RoundPolicy(100_000 * Euro, RemainderPolicy.StopAtFirstMisfit, TiePolicy.ExactMoment, null);
        var tail = new RankingTail(3, 90_000 * Euro, T0, HasUnjudged: true);

        Assert.Null(RankingEngine.AppendReceived(policy, tail, new RankingInput(9, 9, 10 * Euro, RankingStatus.Received, T0)));
        Assert.Null(RankingEngine.AppendReceived(policy, tail, new RankingInput(9, 9, 10 * Euro, RankingStatus.Complete, T0.AddSeconds(1))));
        Assert.Equal(new Position(9, 4, true, Allocation.NotYetComplete, 0, 90_000 * Euro),
            RankingEngine.AppendReceived(policy, tail, new RankingInput(9, 9, 10 * Euro, RankingStatus.Received, T0.AddTicks(10))));
        // Behind applications that are all judged, the appended position is final.
        Assert.Equal(new Position(9, 4, false, Allocation.NotYetComplete, 0, 90_000 * Euro),
            RankingEngine.AppendReceived(policy, tail with { HasUnjudged = false }, new RankingInput(9, 9, 10 * Euro, RankingStatus.Received, T0.AddTicks(10))));
    }

    private static LedgerEntry Entry(int sequence, int applicationId, LedgerEvent e, DateTime moment, long euros) =>
        new(sequence, applicationId, applicationId, e, moment, euros * Euro, "", "");

    private static List<LedgerEntry> Chain(int roundId, (int App, LedgerEvent Event, DateTime Moment, long Euros)[] rows)
    {
        var previous = Ledger.GenesisHash;
        var chain = new List<LedgerEntry>();
        foreach (var (row, i) in rows.Select((r, i) => (r, i)))
        {
            var hash = Ledger.HashOf(previous, roundId, row.App, row.App, row.Event, row.Moment, row.Euros * Euro);
            chain.Add(new LedgerEntry(i + 1, row.App, row.App, row.Event, row.Moment, row.Euros * Euro, previous, hash));
            previous = hash;
        }
        return chain;
    }

    private sealed class ResultComparer : IEqualityComparer<RankingResult>
    {
        public bool Equals(RankingResult? x, RankingResult? y) =>
            x is not null && y is not null && x.Positions.SequenceEqual(y.Positions) && x with { Positions = [] } == y with { Positions = [] };
        public int GetHashCode(RankingResult obj) => obj.Positions.Count;
    }
}
