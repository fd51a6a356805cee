using CsCheck;
using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class TermPropertyTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = HemelvaartFridays(2000, 2101);
    private static readonly Gen<DateOnly> Start = Gen.DateOnly[new DateOnly(2000, 1, 1), new DateOnly(2100, 12, 31)];
    private static readonly Gen<int> Days = Gen.Int[1, 60];
    private const long Iterations = 10_000;

    private static int WorkingDaysIn(DateOnly start, DateOnly end, IReadOnlySet<DateOnly> designated)
    {
        var count = 0;
        for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
            if (Holidays.IsWorkingDay(day, designated)) count++;
        return count;
    }

    // Together these four say the end is exactly the first day that satisfies Atw art. 1 and art. 2.
    [Fact]
    public void AnyStartAndLength_EndIsAWorkingDay() =>
        Gen.Select(Start, Days).Sample((start, days) => Holidays.IsWorkingDay(Terms.End(start, days, Seed), Seed), iter: Iterations);

    [Fact]
    public void AnyStartAndLength_EndNotBeforeStartPlusDays() =>
        Gen.Select(Start, Days).Sample((start, days) => Terms.End(start, days, Seed) >= start.AddDays(days), iter: Iterations);

    [Fact]
    public void ThreeDaysOrMore_TwoWorkingDaysInside() =>
        Gen.Select(Start, Gen.Int[3, 60]).Sample((start, days) => WorkingDaysIn(start, Terms.End(start, days, Seed), Seed) >= 2, iter: Iterations);

    [Fact]
    public void AnyStartAndLength_NoEarlierDayWouldDo() =>
        Gen.Select(Start, Days).Sample((start, days) =>
        {
            var end = Terms.End(start, days, Seed);
            for (var day = start.AddDays(days); day < end; day = day.AddDays(1))
                if (Holidays.IsWorkingDay(day, Seed) && (days < 3 || WorkingDaysIn(start, day, Seed) >= 2)) return false;
            return true;
        }, iter: Iterations);

    [Fact]
    public void ExtraDesignatedDay_NeverEarlier() =>
        Gen.Select(Start, Days, Gen.Int[0, 90]).Sample((start, days, offset) =>
        {
            var more = new HashSet<DateOnly>(Seed) { start.AddDays(offset) };
            return Terms.End(start, days, more) >= Terms.End(start, days, Seed);
        }, iter: Iterations);

    [Fact]
    public void OneDayLonger_NeverEarlier() =>
        Gen.Select(Start, Days).Sample((start, days) => Terms.End(start, days + 1, Seed) >= Terms.End(start, days, Seed), iter: Iterations);

    [Fact]
    public void LaterStart_NeverEarlier() =>
        Gen.Select(Start, Days).Sample((start, days) => Terms.End(start.AddDays(1), days, Seed) >= Terms.End(start, days, Seed), iter: Iterations);

    [Fact]
    public void DecisionTermWithoutSuspension_SameAsTermOfItsDays() =>
        Gen.Select(Start, Gen.Int[1, 26]).Sample((received, weeks) =>
            Terms.DecisionDeadline(received, weeks, [], Seed) == Terms.End(received, weeks * 7, Seed), iter: Iterations);

    // Awb 4:15(1)(a): a pause adds exactly its days while the term still runs. A supplement on day X pauses the days
    // before X; a completion term that ran out on day X pauses X as well.
    [Fact]
    public void DecisionTermSupplied_AddsTheDaysBeforeTheSupplement() =>
        Gen.Select(Start, Gen.Int[1, 26], Gen.Int[0, 200], Gen.Int[0, 60]).Sample((received, weeks, sentAfter, length) =>
        {
            var sent = received.AddDays(sentAfter);
            var due = Terms.DecisionDeadline(received, weeks, [Suspension.Supplied(sent, sent.AddDays(length))], Seed);
            var paused = sentAfter < weeks * 7 ? Math.Max(length - 1, 0) : 0;
            return due == Terms.End(received, weeks * 7 + paused, Seed);
        }, iter: Iterations);

    [Fact]
    public void DecisionTermLapsed_AddsTheWholeCompletionTerm() =>
        Gen.Select(Start, Gen.Int[1, 26], Gen.Int[0, 200], Gen.Int[1, 60]).Sample((received, weeks, sentAfter, length) =>
        {
            var sent = received.AddDays(sentAfter);
            var due = Terms.DecisionDeadline(received, weeks, [Suspension.Lapsed(sent, sent.AddDays(length))], Seed);
            var paused = sentAfter < weeks * 7 ? length : 0;
            return due == Terms.End(received, weeks * 7 + paused, Seed);
        }, iter: Iterations);

    // The two ends differ by exactly one day: running out on day X is the same pause as a supplement on X + 1, and a
    // supplement on X never gives a later deadline than running out on X.
    [Fact]
    public void DecisionTermLapsedOnX_SameAsSuppliedTheDayAfter_NeverEarlierThanSuppliedOnX() =>
        Gen.Select(Start, Gen.Int[0, 70], Gen.Int[1, 30]).Sample((received, sentAfter, length) =>
        {
            var sent = received.AddDays(sentAfter);
            var day = sent.AddDays(length);
            DateOnly? Due(Suspension s) => Terms.DecisionDeadline(received, 8, [s], Seed);
            var lapsed = Due(Suspension.Lapsed(sent, day));
            return lapsed == Due(Suspension.Supplied(sent, day.AddDays(1))) && Due(Suspension.Supplied(sent, day)) <= lapsed;
        }, iter: Iterations);
}
