using CsCheck;
using GrantAdmin.Web.Features.Applications;
using static GrantAdmin.Tests.Support.Instant;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// Receipt moments decide the ranking (domain.md §2): to the microsecond, and strictly after the round's
/// previous receipt whatever the clock does (equal readings, a clock stepping back).
/// </summary>
public sealed class ReceiptMomentTests
{
    private const long TicksPerMicrosecond = 10;

    private static DateTime Truncated(DateTime utc) => new(utc.Ticks - utc.Ticks % TicksPerMicrosecond, DateTimeKind.Utc);

    /// <summary>Clock readings around the 2023 round: small steps (sub-microsecond, equal, backwards) and big jumps.</summary>
    private static readonly Gen<DateTime[]> ClockReadings =
        Gen.Select(
            Gen.Long[Utc("2023-01-01T00:00:00Z").Ticks, Utc("2023-04-28T00:00:00Z").Ticks],
            Gen.Frequency((3, Gen.Long[-25, 25]), (1, Gen.Const(0L)), (1, Gen.Long[-TimeSpan.TicksPerHour, TimeSpan.TicksPerHour])).Array[1, 60],
            (start, steps) =>
            {
                var now = start;
                return steps.Select(step => new DateTime(now += step, DateTimeKind.Utc)).ToArray();
            });

    [Fact]
    public void FoldedOverAnyClockReadings_StrictlyIncreasingMicrosecondMoments() =>
        ClockReadings.Sample(readings =>
        {
            DateTime? previous = null;
            foreach (var now in readings)
            {
                var next = ApplicationRules.NextReceiptMoment(now, previous);
                if (previous is { } p) Assert.True(next > p, $"{next:O} not after {p:O}");
                Assert.True(next >= Truncated(now), $"{next:O} before the clock reading {now:O}");
                Assert.Equal(0, next.Ticks % TicksPerMicrosecond);
                Assert.Equal(DateTimeKind.Utc, next.Kind);
                // And no further ahead than needed: the reading itself, or one microsecond after the previous.
                var earliest = previous is { } q && q.AddTicks(TicksPerMicrosecond) > Truncated(now) ? q.AddTicks(TicksPerMicrosecond) : Truncated(now);
                Assert.Equal(earliest, next);
                previous = next;
            }
        });

    [Fact]
    public void FirstReceipt_ClockReadingTruncatedToMicroseconds() =>
        Assert.Equal(Utc("2023-02-01T09:15:30.123456Z"), ApplicationRules.NextReceiptMoment(Utc("2023-02-01T09:15:30.1234567Z"), null));

    [Fact]
    public void SameMicrosecondAsPrevious_OneMicrosecondLater()
    {
        var previous = Utc("2023-02-01T09:15:30.123456Z");
        Assert.Equal(Utc("2023-02-01T09:15:30.123457Z"), ApplicationRules.NextReceiptMoment(Utc("2023-02-01T09:15:30.1234569Z"), previous));
    }

    [Fact]
    public void ClockBehindPrevious_OneMicrosecondAfterPrevious()
    {
        var previous = Utc("2023-02-01T09:15:30.123456Z");
        Assert.Equal(Utc("2023-02-01T09:15:30.123457Z"), ApplicationRules.NextReceiptMoment(Utc("2023-02-01T09:14:00Z"), previous));
    }

    [Fact]
    public void PreviousReadBackWithoutKind_ResultIsUtc()
    {
        var previous = DateTime.SpecifyKind(Utc("2023-02-01T09:15:30Z"), DateTimeKind.Unspecified); // as a database hands it back
        var next = ApplicationRules.NextReceiptMoment(Utc("2023-02-01T09:15:30Z"), previous);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
        Assert.Equal(Utc("2023-02-01T09:15:30.000001Z"), next);
    }

    [Theory]
    [InlineData("SUVCO-2023", 123, "SUVCO-2023-000123")]
    [InlineData("SUVCO-2023", 1, "SUVCO-2023-000001")]
    [InlineData("SUVCO-2022N", 42, "SUVCO-2022N-000042")]
    [InlineData("SUVCO-2023", 999_999, "SUVCO-2023-999999")]
    [InlineData("SUVCO-2023", 1_000_000, "SUVCO-2023-1000000")]
    public void Kenmerk_PrefixDashSixDigitNumber(string prefix, int number, string expected) =>
        Assert.Equal(expected, ApplicationRules.Kenmerk(prefix, number));

    [Fact]
    public void Kenmerk_SortsAsItsNumber() =>
        Gen.Select(Gen.Int[1, 999_999], Gen.Int[1, 999_999]).Sample((a, b) =>
            Math.Sign(a.CompareTo(b)) == Math.Sign(string.CompareOrdinal(ApplicationRules.Kenmerk("SUVCO-2023", a), ApplicationRules.Kenmerk("SUVCO-2023", b))));
}
