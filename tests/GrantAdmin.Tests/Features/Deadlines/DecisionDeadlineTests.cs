using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class DecisionDeadlineTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = Holidays.DesignatedDaysSeed(2022, 2024);

    private static DateOnly? Deadline(string receivedOn, params (string From, string? Until)[] suspensions) =>
        Terms.DecisionDeadline(D(receivedOn), 8, [.. suspensions.Select(s => (D(s.From), s.Until is null ? (DateOnly?)null : D(s.Until)))], Seed);

    [Fact]
    public void NoAanvulverzoek_EightWeeksFromReceipt() =>
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10"));

    [Fact]
    public void EightWeeksEndOnKoningsdag_MovesToFriday() =>
        Assert.Equal(D("2023-04-28"), Deadline("2023-03-02"));

    [Fact]
    public void RoundSetsTwelveWeeks_TwelveWeeksFromReceipt() =>
        Assert.Equal(D("2023-04-04"), Terms.DecisionDeadline(D("2023-01-10"), 12, [], Seed));

    [Fact]
    public void SupplementAfterTenDays_TenDaysLater() =>
        Assert.Equal(D("2023-03-17"), Deadline("2023-01-10", ("2023-01-20", "2023-01-30")));

    [Fact]
    public void CompletionTermRanOutUnused_WholeTermAdded() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", ("2023-01-20", "2023-02-03")));

    [Fact]
    public void TwoAanvulverzoeken_BothSuspensionsAdded() =>
        Assert.Equal(D("2023-03-22"), Deadline("2023-01-10", ("2023-01-20", "2023-01-30"), ("2023-02-10", "2023-02-15")));

    [Fact]
    public void OverlappingSuspensions_DaysCountedOnce() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", ("2023-01-20", "2023-01-30"), ("2023-01-25", "2023-02-03")));

    [Fact]
    public void AanvulverzoekOnDayOfReceipt_SuspendedFromNextDay() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", ("2023-01-10", "2023-01-24")));

    [Fact]
    public void SupplementOnDayOfAanvulverzoek_NothingSuspended() =>
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", ("2023-01-20", "2023-01-20")));

    [Fact]
    public void SuspensionPushesEndOntoGoedeVrijdag_MovesToTuesdayAfterEaster() =>
        Assert.Equal(D("2023-04-11"), Deadline("2023-02-07", ("2023-02-10", "2023-02-13")));

    [Fact]
    public void SupplementNotYetIn_ClockStopped_NoDeadline() =>
        Assert.Null(Deadline("2023-01-10", ("2023-01-20", "2023-01-30"), ("2023-02-10", null)));

    [Theory]
    [InlineData("2023-03-07")] // sent on the last day: the suspension would start the day after
    [InlineData("2023-03-10")]
    public void AanvulverzoekAfterTermRanOut_DeadlineUnchanged(string sentOn)
    {
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", (sentOn, null)));
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", (sentOn, "2023-03-24")));
    }

    [Fact]
    public void AanvulverzoekBeforeReceipt_Throws() =>
        Assert.Throws<ArgumentException>(() => Deadline("2023-01-10", ("2023-01-09", "2023-01-20")));

    [Fact]
    public void SuspensionEndingBeforeItStarts_Throws() =>
        Assert.Throws<ArgumentException>(() => Deadline("2023-01-10", ("2023-01-20", "2023-01-19")));

    [Fact]
    public void NoWeeks_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Terms.DecisionDeadline(D("2023-01-10"), 0, [], Seed));
}
