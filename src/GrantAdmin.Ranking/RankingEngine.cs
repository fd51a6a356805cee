using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Ranking;

/// <summary>Where an application stands for the ranking, as the ledger's events leave it.</summary>
public enum RankingStatus
{
    /// <summary>Received (or supplemented) and not yet judged: ranked provisionally at its latest receipt moment.</summary>
    Received,
    /// <summary>An aanvulverzoek is out: not ranked until the supplement arrives (its moment is then the ranking moment).</summary>
    AwaitingCompletion,
    /// <summary>Judged complete: ranked at its ranking moment and entitled to a reservation.</summary>
    Complete,
    /// <summary>Granted: its granted amount is spent from the ceiling.</summary>
    Granted,
    /// <summary>Withdrawn, refused or set aside: out of the ranking, its reservation released.</summary>
    Released,
}

/// <summary>
/// What happens when a complete application does not fit in what is left under the ceiling. Stored by name; 'Reject', the
/// old name, became <see cref="StopAtFirstMisfit"/> in migration 0010.
/// </summary>
public enum RemainderPolicy
{
    /// <summary>The first that does not fit gets what is left; the ceiling is then reached.</summary>
    PartialRemainder,
    /// <summary>The first that does not fit gets nothing, and neither does any later one (the order stops there).</summary>
    StopAtFirstMisfit,
    /// <summary>One that does not fit gets nothing; a later, smaller one that fits in what is left is still served.</summary>
    SkipMisfits,
}
public enum TiePolicy { ExactMoment, SameDayLottery }

public enum Allocation
{
    /// <summary>Not judged yet: holds a place in the order but no money.</summary>
    NotYetComplete,
    Reserved,
    /// <summary>The first complete application that did not fit, under <see cref="RemainderPolicy.PartialRemainder"/>.</summary>
    PartiallyReserved,
    /// <summary>Complete, but the ceiling is reached before it (or, under <see cref="RemainderPolicy.SkipMisfits"/>, it does not fit in what is left).</summary>
    NoRoom,
    Granted,
}

public sealed record RoundPolicy(long CeilingCents, RemainderPolicy Remainder, TiePolicy Tie, string? LotterySeed);

public sealed record RankingInput(int ApplicationId, int KenmerkNumber, long RequestedCents, RankingStatus Status,
    DateTime? RankingMomentUtc, long GrantedCents = 0);

/// <param name="IsProvisional">
/// An application before it is still unjudged, so the number can still change (it may be judged incomplete and leave the order).
/// An application's own unjudged state does not make its number provisional: nothing ahead of it can move.
/// </param>
public sealed record Position(int ApplicationId, int Number, bool IsProvisional, Allocation Allocation, long ReservedCents, long AmountAheadCents);

/// <summary>
/// The end of a round's order: how many applications hold a position, the amount they stand for, the last ranking moment,
/// and whether any of them is still unjudged (then a position placed after them is provisional).
/// </summary>
public sealed record RankingTail(int Count, long AmountCents, DateTime? LastMomentUtc, bool HasUnjudged)
{
    public static readonly RankingTail Empty = new(0, 0, null, false);
}

public sealed record RankingResult(IReadOnlyList<Position> Positions, long CeilingCents, long GrantedCents, long ReservedCents,
    long AwaitingCompletionCents, long NotYetJudgedCents, DateOnly? LotteryDay)
{
    public long AvailableCents => CeilingCents - GrantedCents - ReservedCents;
    public Position? For(int applicationId) => Positions.FirstOrDefault(p => p.ApplicationId == applicationId);
}

/// <summary>
/// First come, first served, in order of receipt of complete applications (art. 4(3) of the regulation):
/// orders the ranked applications and walks that order, reserving each complete application's amount while
/// it fits under the ceiling. Plain C#: the same inputs (and seed) always give the same result.
/// </summary>
public static class RankingEngine
{
    public static RankingResult Compute(RoundPolicy policy, IReadOnlyCollection<RankingInput> applications)
    {
        var ranked = applications
            .Where(a => a.Status is RankingStatus.Received or RankingStatus.Complete or RankingStatus.Granted && a.RankingMomentUtc is not null)
            .OrderBy(a => a.RankingMomentUtc).ThenBy(a => a.KenmerkNumber)
            .ToList();
        DateOnly? lotteryDay = null;
        if (policy.Tie == TiePolicy.SameDayLottery && policy.LotterySeed is { } seed)
            (ranked, lotteryDay) = ApplySameDayLottery(ranked, policy.CeilingCents, seed);

        var positions = new List<Position>(ranked.Count);
        // Granted money is spent whatever the order now says (a later supplement or lottery cannot undo a grant),
        // so it leaves the ceiling before the walk; only complete, undecided applications compete for the rest.
        var granted = ranked.Where(a => a.Status == RankingStatus.Granted).Sum(a => a.GrantedCents);
        var remaining = policy.CeilingCents - granted;
        long ahead = 0, reserved = 0;
        var unjudgedAhead = false;
        var ceilingReached = false;
        foreach (var (application, index) in ranked.Select((a, i) => (a, i)))
        {
            var (allocation, amount) = application.Status switch
            {
                RankingStatus.Granted => (Allocation.Granted, application.GrantedCents),
                RankingStatus.Received => (Allocation.NotYetComplete, 0L),
                _ when !ceilingReached && application.RequestedCents <= remaining => (Allocation.Reserved, application.RequestedCents),
                _ when !ceilingReached && policy.Remainder == RemainderPolicy.PartialRemainder && remaining > 0 => (Allocation.PartiallyReserved, remaining),
                _ => (Allocation.NoRoom, 0L),
            };
            // Under SkipMisfits a misfit does not end the walk: what is left still goes, in order, to later ones that fit.
            if (application.Status == RankingStatus.Complete && allocation != Allocation.Reserved && policy.Remainder != RemainderPolicy.SkipMisfits)
                ceilingReached = true;
            if (allocation != Allocation.Granted)
            {
                remaining -= amount;
                reserved += amount;
            }
            positions.Add(new Position(application.ApplicationId, index + 1,
                IsProvisional: unjudgedAhead, allocation, amount, ahead));
            ahead += application.Status == RankingStatus.Granted ? application.GrantedCents : application.RequestedCents;
            unjudgedAhead |= application.Status == RankingStatus.Received;
        }

        return new RankingResult(positions, policy.CeilingCents, granted, reserved,
            applications.Where(a => a.Status == RankingStatus.AwaitingCompletion).Sum(a => a.RequestedCents),
            applications.Where(a => a.Status == RankingStatus.Received).Sum(a => a.RequestedCents), lotteryDay);
    }

    /// <summary>
    /// Where a just-received application stands without recomputing the round: after every ranked application, when its
    /// moment is later than all of theirs and no same-day draw can reorder the day. Null when that does not hold (the caller
    /// then recomputes). Nothing before it changes: a position depends only on the applications ahead of it.
    /// </summary>
    public static Position? AppendReceived(RoundPolicy policy, RankingTail tail, RankingInput received)
    {
        if (received.Status != RankingStatus.Received || received.RankingMomentUtc is not { } moment) return null;
        if (policy.Tie == TiePolicy.SameDayLottery && policy.LotterySeed is not null) return null;
        if (tail.LastMomentUtc is { } last && moment <= last) return null;
        return new Position(received.ApplicationId, tail.Count + 1, IsProvisional: tail.HasUnjudged, Allocation.NotYetComplete, 0, tail.AmountCents);
    }

    /// <summary>The tail after <see cref="AppendReceived"/> placed <paramref name="received"/>.</summary>
    public static RankingTail Extend(RankingTail tail, RankingInput received) =>
        new(tail.Count + 1, tail.AmountCents + received.RequestedCents, received.RankingMomentUtc, HasUnjudged: true);

    /// <summary>The tail of a computed ranking.</summary>
    public static RankingTail TailOf(IReadOnlyCollection<RankingInput> applications, RankingResult result)
    {
        if (result.Positions.Count == 0) return RankingTail.Empty;
        var ranked = result.Positions.Select(p => p.ApplicationId).ToHashSet();
        var inputs = applications.Where(a => ranked.Contains(a.ApplicationId)).ToList();
        return new RankingTail(result.Positions.Count,
            inputs.Sum(a => a.Status == RankingStatus.Granted ? a.GrantedCents : a.RequestedCents),
            inputs.Max(a => a.RankingMomentUtc), inputs.Any(a => a.Status == RankingStatus.Received));
    }

    /// <summary>
    /// The applications whose ranking date (Amsterdam) is the day on which the requested amounts cross the
    /// ceiling are ordered by a draw: the SHA-256 of seed and application id. The seed is fixed, and its hash
    /// published, before the draw, so anyone can replay it.
    /// </summary>
    private static (List<RankingInput>, DateOnly?) ApplySameDayLottery(List<RankingInput> ranked, long ceiling, string seed)
    {
        long cumulative = 0;
        DateOnly? crossing = null;
        foreach (var application in ranked)
        {
            cumulative += application.Status == RankingStatus.Granted ? application.GrantedCents : application.RequestedCents;
            if (cumulative > ceiling) { crossing = DayOf(application); break; }
        }
        if (crossing is not { } day) return (ranked, null);
        var sameDay = ranked.Where(a => DayOf(a) == day).OrderBy(a => DrawKey(seed, a.ApplicationId), StringComparer.Ordinal).ToList();
        var first = ranked.FindIndex(a => DayOf(a) == day);
        var reordered = ranked.Where(a => DayOf(a) != day).ToList();
        reordered.InsertRange(first, sameDay); // one day's applications are contiguous in moment order
        return (reordered, day);
    }

    private static DateOnly DayOf(RankingInput a) => DateOnly.FromDateTime(Amsterdam.ToLocal(a.RankingMomentUtc!.Value));

    public static string DrawKey(string seed, int applicationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{applicationId.ToString(CultureInfo.InvariantCulture)}")));

    public static string SeedHash(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
