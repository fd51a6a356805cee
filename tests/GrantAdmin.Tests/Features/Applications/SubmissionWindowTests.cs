using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.Applications;
using static GrantAdmin.Tests.Support.Instant;

namespace GrantAdmin.Tests.Features.Applications;

/// <summary>
/// A round accepts from 00:00:00 on its opening day to 23:59:59.999999 on its closing day, Europe/Amsterdam.
/// Every instant below is computed by hand: CET = UTC+1, CEST = UTC+2 (summer time from the last Sunday of
/// March 02:00 CET to the last Sunday of October 03:00 CEST).
/// </summary>
public sealed class SubmissionWindowTests
{
    // Round 2023: opens 1 Jan 2023 00:00 CET = 31 Dec 2022 23:00Z; closes 28 Apr 2023 24:00 CEST = 28 Apr 22:00Z.
    [Theory]
    [InlineData("2022-12-31T22:59:59Z", WindowStatus.NotYetOpen)]
    [InlineData("2022-12-31T22:59:59.999999Z", WindowStatus.NotYetOpen)]
    [InlineData("2022-12-31T23:00:00Z", WindowStatus.Open)]
    [InlineData("2022-12-31T23:00:00.000001Z", WindowStatus.Open)]
    [InlineData("2022-12-31T23:00:01Z", WindowStatus.Open)]
    [InlineData("2023-04-28T21:59:59Z", WindowStatus.Open)]
    [InlineData("2023-04-28T21:59:59.999999Z", WindowStatus.Open)]
    [InlineData("2023-04-28T22:00:00Z", WindowStatus.Closed)]
    [InlineData("2023-04-28T22:00:00.000001Z", WindowStatus.Closed)]
    [InlineData("2023-04-28T22:00:01Z", WindowStatus.Closed)]
    public void Round2023_WinterOpeningSummerClosing_EdgesInUtc(string instant, WindowStatus expected) =>
        Assert.Equal(expected, TestRounds.Round2023.Window.StatusAt(Utc(instant)));

    // Najaar 2022: opens 1 Sep 2022 00:00 CEST = 31 Aug 22:00Z; closes 14 Oct 2022 24:00 CEST = 14 Oct 22:00Z.
    [Theory]
    [InlineData("2022-08-31T21:59:59Z", WindowStatus.NotYetOpen)]
    [InlineData("2022-08-31T21:59:59.999999Z", WindowStatus.NotYetOpen)]
    [InlineData("2022-08-31T22:00:00Z", WindowStatus.Open)]
    [InlineData("2022-08-31T22:00:00.000001Z", WindowStatus.Open)]
    [InlineData("2022-08-31T22:00:01Z", WindowStatus.Open)]
    [InlineData("2022-10-14T21:59:59Z", WindowStatus.Open)]
    [InlineData("2022-10-14T21:59:59.999999Z", WindowStatus.Open)]
    [InlineData("2022-10-14T22:00:00Z", WindowStatus.Closed)]
    [InlineData("2022-10-14T22:00:00.000001Z", WindowStatus.Closed)]
    [InlineData("2022-10-14T22:00:01Z", WindowStatus.Closed)]
    public void Najaar2022_SummerTimeBothEnds_EdgesInUtc(string instant, WindowStatus expected) =>
        Assert.Equal(expected, TestRounds.Najaar2022.Window.StatusAt(Utc(instant)));

    [Fact]
    public void Round2023_WindowInstants_AreLocalMidnightsInUtc()
    {
        var window = TestRounds.Round2023.Window;
        Assert.Equal(Utc("2022-12-31T23:00:00Z"), window.OpensAtUtc);
        Assert.Equal(Utc("2023-04-28T22:00:00Z"), window.ClosedFromUtc);
    }

    // 26 Mar 2023: 02:00 CET becomes 03:00 CEST, a day of 23 hours. The day starts at 00:00 CET = 25 Mar 23:00Z
    // and the next day starts at 00:00 CEST = 26 Mar 22:00Z.
    [Theory]
    [InlineData("2023-03-25T22:59:59.999999Z", WindowStatus.NotYetOpen)]
    [InlineData("2023-03-25T23:00:00Z", WindowStatus.Open)]
    [InlineData("2023-03-26T00:59:59Z", WindowStatus.Open)]  // 01:59:59 CET, just before the clocks jump
    [InlineData("2023-03-26T01:00:00Z", WindowStatus.Open)]  // 03:00:00 CEST
    [InlineData("2023-03-26T21:59:59Z", WindowStatus.Open)]
    [InlineData("2023-03-26T21:59:59.999999Z", WindowStatus.Open)]
    [InlineData("2023-03-26T22:00:00Z", WindowStatus.Closed)]
    [InlineData("2023-03-26T22:00:00.000001Z", WindowStatus.Closed)]
    [InlineData("2023-03-26T23:00:00Z", WindowStatus.Closed)] // 27 Mar 01:00 CEST, where a fixed +1 would still say open
    public void RoundOpeningAndClosingOnSpringForwardDay_DayHas23Hours(string instant, WindowStatus expected)
    {
        var window = TestRounds.Synthetic(new DateOnly(2023, 3, 26), new DateOnly(2023, 3, 26)).Window;
        Assert.Equal(expected, window.StatusAt(Utc(instant)));
        Assert.Equal(TimeSpan.FromHours(23), window.ClosedFromUtc - window.OpensAtUtc);
    }

    // 29 Oct 2023: 03:00 CEST becomes 02:00 CET, a day of 25 hours. The day starts at 00:00 CEST = 28 Oct 22:00Z
    // and the next day starts at 00:00 CET = 29 Oct 23:00Z.
    [Theory]
    [InlineData("2023-10-28T21:59:59.999999Z", WindowStatus.NotYetOpen)]
    [InlineData("2023-10-28T22:00:00Z", WindowStatus.Open)]
    [InlineData("2023-10-29T00:30:00Z", WindowStatus.Open)]  // 02:30 CEST, the first time round
    [InlineData("2023-10-29T01:30:00Z", WindowStatus.Open)]  // 02:30 CET, the second time round
    [InlineData("2023-10-29T21:59:59.999999Z", WindowStatus.Open)] // 22:59:59 CET, where a fixed +2 would already say closed
    [InlineData("2023-10-29T22:59:59Z", WindowStatus.Open)]
    [InlineData("2023-10-29T22:59:59.999999Z", WindowStatus.Open)]
    [InlineData("2023-10-29T23:00:00Z", WindowStatus.Closed)]
    [InlineData("2023-10-29T23:00:00.000001Z", WindowStatus.Closed)]
    public void RoundOpeningAndClosingOnFallBackDay_DayHas25Hours(string instant, WindowStatus expected)
    {
        var window = TestRounds.Synthetic(new DateOnly(2023, 10, 29), new DateOnly(2023, 10, 29)).Window;
        Assert.Equal(expected, window.StatusAt(Utc(instant)));
        Assert.Equal(TimeSpan.FromHours(25), window.ClosedFromUtc - window.OpensAtUtc);
    }

    [Theory]
    [InlineData("2022-12-31T22:59:59Z", 0)]                  // not yet open: nothing left to count
    [InlineData("2022-12-31T23:00:00Z", 118 * 24 * 3600 - 3600)] // 1 Jan 00:00 CET → 29 Apr 00:00 CEST: 31+28+31+28 days less the lost hour
    [InlineData("2023-04-28T10:00:00Z", 12 * 3600)]          // 12:00 CEST on the closing day
    [InlineData("2023-04-28T21:59:59Z", 1)]
    [InlineData("2023-04-28T22:00:00Z", 0)]
    [InlineData("2023-05-01T00:00:00Z", 0)]
    public void TimeLeft_CountsToEndOfClosingDay_ZeroOutsideWindow(string instant, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TestRounds.Round2023.Window.TimeLeft(Utc(instant)));

    [Fact]
    public void TimeLeft_OnClosingDayWithDstChange_CountsRealHours()
    {
        Assert.Equal(TimeSpan.FromHours(23), TestRounds.Synthetic(new DateOnly(2023, 3, 1), new DateOnly(2023, 3, 26)).Window.TimeLeft(Utc("2023-03-25T23:00:00Z")));
        Assert.Equal(TimeSpan.FromHours(25), TestRounds.Synthetic(new DateOnly(2023, 10, 1), new DateOnly(2023, 10, 29)).Window.TimeLeft(Utc("2023-10-28T22:00:00Z")));
    }

    [Theory]
    [InlineData(-60, "gesloten")]
    [InlineData(0, "gesloten")]
    [InlineData(1, "nog 1 minuut")]
    [InlineData(60, "nog 1 minuut")]
    [InlineData(61, "nog 2 minuten")]
    [InlineData(45 * 60, "nog 45 minuten")]
    [InlineData(3600, "nog 1 uur en 0 minuten")]
    [InlineData(3600 + 60, "nog 1 uur en 1 minuut")]
    [InlineData(5 * 3600 + 30 * 60, "nog 5 uur en 30 minuten")]
    [InlineData(23 * 3600 + 59 * 60 + 59, "nog 23 uur en 59 minuten")]
    [InlineData(24 * 3600, "nog 1 dag en 0 uur")]
    [InlineData(25 * 3600, "nog 1 dag en 1 uur")]
    [InlineData(3 * 24 * 3600 + 4 * 3600 + 59 * 60, "nog 3 dagen en 4 uur")]
    [InlineData(116 * 24 * 3600 + 23 * 3600, "nog 116 dagen en 23 uur")]
    public void DescribeTimeLeft_DutchWording(int seconds, string expected) =>
        Assert.Equal(expected, SubmissionWindow.DescribeTimeLeft(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void DescribeTimeLeft_OfTimeLeftOnClosingDay_ReadsAsDashboardShowsIt() =>
        Assert.Equal("nog 12 uur en 0 minuten", SubmissionWindow.DescribeTimeLeft(TestRounds.Round2023.Window.TimeLeft(Utc("2023-04-28T10:00:00Z"))));
}
