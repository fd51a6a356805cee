using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class DecisionDeadlineTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = HemelvaartFridays(2022, 2024);

    private static DateOnly? Deadline(string receivedOn, params Suspension[] suspensions) =>
        Terms.DecisionDeadline(D(receivedOn), 8, suspensions, Seed);

    private static Suspension Supplied(string requestedOn, string suppliedOn) => Suspension.Supplied(D(requestedOn), D(suppliedOn));
    private static Suspension Lapsed(string requestedOn, string termLastDay) => Suspension.Lapsed(D(requestedOn), D(termLastDay));
    private static Suspension Open(string requestedOn) => Suspension.Open(D(requestedOn));

    [Fact]
    public void NoAanvulverzoek_EightWeeksFromReceipt() =>
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10"));

    [Fact]
    public void EightWeeksEndOnKoningsdag_MovesToFriday() =>
        Assert.Equal(D("2023-04-28"), Deadline("2023-03-02"));

    [Fact]
    public void RoundSetsTwelveWeeks_TwelveWeeksFromReceipt() =>
        Assert.Equal(D("2023-04-04"), Terms.DecisionDeadline(D("2023-01-10"), 12, [], Seed));

    // Awb 4:15(1)(a) "tot de dag waarop de aanvraag is aangevuld": paused 21 up to and including 29 January, running again on the 30th.
    [Fact]
    public void SupplementTenDaysAfterAanvulverzoek_NineDaysLater() =>
        Assert.Equal(D("2023-03-16"), Deadline("2023-01-10", Supplied("2023-01-20", "2023-01-30")));

    // "of de daarvoor gestelde termijn ongebruikt is verstreken": the term's last day (3 February) is paused too.
    [Fact]
    public void CompletionTermRanOutUnused_WholeTermAdded() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", Lapsed("2023-01-20", "2023-02-03")));

    [Fact]
    public void SupplementOnTheTermsLastDay_OneDayEarlierThanLettingItRunOut()
    {
        Assert.Equal(D("2023-03-20"), Deadline("2023-01-10", Supplied("2023-01-20", "2023-02-03")));
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", Lapsed("2023-01-20", "2023-02-03")));
    }

    [Fact]
    public void TwoAanvulverzoeken_BothSuspensionsAdded() =>
        Assert.Equal(D("2023-03-20"), Deadline("2023-01-10", Supplied("2023-01-20", "2023-01-30"), Supplied("2023-02-10", "2023-02-15")));

    [Fact]
    public void OverlappingSuspensions_DaysCountedOnce() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", Supplied("2023-01-20", "2023-01-30"), Lapsed("2023-01-25", "2023-02-03")));

    [Fact]
    public void AanvulverzoekOnDayOfReceipt_SuspendedFromNextDay() =>
        Assert.Equal(D("2023-03-21"), Deadline("2023-01-10", Lapsed("2023-01-10", "2023-01-24")));

    [Theory]
    [InlineData("2023-01-20")] // the day of the aanvulverzoek
    [InlineData("2023-01-21")] // the day the pause would start: "tot" that day leaves nothing
    public void SupplementOnDayOfAanvulverzoekOrTheDayAfter_NothingSuspended(string suppliedOn) =>
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", Supplied("2023-01-20", suppliedOn)));

    [Fact]
    public void SupplementTwoDaysAfterAanvulverzoek_OneDaySuspended() =>
        Assert.Equal(D("2023-03-08"), Deadline("2023-01-10", Supplied("2023-01-20", "2023-01-22")));

    // Paused 11–13 February: 4 April + 3 days is Goede Vrijdag, then Easter weekend and Monday: Tuesday 11 April.
    [Fact]
    public void SuspensionPushesEndOntoGoedeVrijdag_MovesToTuesdayAfterEaster()
    {
        Assert.Equal(D("2023-04-11"), Deadline("2023-02-07", Supplied("2023-02-10", "2023-02-14")));
        Assert.Equal(D("2023-04-11"), Deadline("2023-02-07", Lapsed("2023-02-10", "2023-02-13")));
    }

    [Fact]
    public void SupplementNotYetIn_ClockStopped_NoDeadline() =>
        Assert.Null(Deadline("2023-01-10", Supplied("2023-01-20", "2023-01-30"), Open("2023-02-10")));

    [Theory]
    [InlineData("2023-03-07")] // sent on the last day: the suspension would start the day after
    [InlineData("2023-03-10")]
    public void AanvulverzoekAfterTermRanOut_DeadlineUnchanged(string sentOn)
    {
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", Open(sentOn)));
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", Supplied(sentOn, "2023-03-24")));
        Assert.Equal(D("2023-03-07"), Deadline("2023-01-10", Lapsed(sentOn, "2023-03-24")));
    }

    [Fact]
    public void AanvulverzoekBeforeReceipt_Throws() =>
        Assert.Throws<ArgumentException>(() => Deadline("2023-01-10", Supplied("2023-01-09", "2023-01-20")));

    [Fact]
    public void SupplementBeforeAanvulverzoek_Throws() =>
        Assert.Throws<ArgumentException>(() => Supplied("2023-01-20", "2023-01-19"));

    [Theory]
    [InlineData("2023-01-19")]
    [InlineData("2023-01-20")]
    public void CompletionTermEndingNotAfterAanvulverzoek_Throws(string lastDay) =>
        Assert.Throws<ArgumentException>(() => Lapsed("2023-01-20", lastDay));

    [Fact]
    public void NoWeeks_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Terms.DecisionDeadline(D("2023-01-10"), 0, [], Seed));
}
