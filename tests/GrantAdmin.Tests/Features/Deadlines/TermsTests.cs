using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class TermsTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = Designated;

    private static DateOnly End(string start, int days) => Terms.End(D(start), days, Seed);

    [Theory]
    [InlineData("2023-09-04", "2023-09-18")] // Monday
    [InlineData("2023-09-05", "2023-09-19")] // Tuesday
    [InlineData("2023-09-06", "2023-09-20")] // Wednesday
    [InlineData("2023-09-07", "2023-09-21")] // Thursday
    [InlineData("2023-09-08", "2023-09-22")] // Friday
    [InlineData("2023-09-09", "2023-09-25")] // Saturday: ends on a Saturday, moves to Monday
    [InlineData("2023-09-10", "2023-09-25")] // Sunday: ends on a Sunday, moves to Monday
    public void FourteenDaysFromEachWeekday_EndsTwoWeeksLaterOffTheWeekend(string start, string expected) =>
        Assert.Equal(D(expected), End(start, 14));

    // Every holiday of 2022–2026 (with the shipped designated days) as the 14th day of a term.
    [Theory]
    [InlineData("2022-01-01", "2022-01-03")] // Sat → Mon
    [InlineData("2022-04-15", "2022-04-19")] // Goede Vrijdag → Tue
    [InlineData("2022-04-18", "2022-04-19")]
    [InlineData("2022-04-27", "2022-04-28")]
    [InlineData("2022-05-05", "2022-05-06")]
    [InlineData("2022-05-26", "2022-05-30")] // Hemelvaart, designated Friday, weekend → Mon
    [InlineData("2022-05-27", "2022-05-30")]
    [InlineData("2022-06-06", "2022-06-07")]
    [InlineData("2022-12-25", "2022-12-27")] // Sun, Mon → Tue
    [InlineData("2022-12-26", "2022-12-27")]
    [InlineData("2023-01-01", "2023-01-02")]
    [InlineData("2023-04-07", "2023-04-11")]
    [InlineData("2023-04-10", "2023-04-11")]
    [InlineData("2023-04-27", "2023-05-01")] // Koningsdag, designated Friday, weekend → Mon
    [InlineData("2023-04-28", "2023-05-01")]
    [InlineData("2023-05-05", "2023-05-08")]
    [InlineData("2023-05-18", "2023-05-22")]
    [InlineData("2023-05-19", "2023-05-22")]
    [InlineData("2023-05-29", "2023-05-30")]
    [InlineData("2023-12-25", "2023-12-27")]
    [InlineData("2023-12-26", "2023-12-27")]
    [InlineData("2024-01-01", "2024-01-02")]
    [InlineData("2024-03-29", "2024-04-02")]
    [InlineData("2024-04-01", "2024-04-02")]
    [InlineData("2024-04-27", "2024-04-29")] // Koningsdag on a Saturday
    [InlineData("2024-05-05", "2024-05-06")] // Bevrijdingsdag on a Sunday
    [InlineData("2024-05-09", "2024-05-13")]
    [InlineData("2024-05-10", "2024-05-13")]
    [InlineData("2024-05-20", "2024-05-21")]
    [InlineData("2024-12-25", "2024-12-30")] // Christmas, designated Friday 27th, weekend → Mon
    [InlineData("2024-12-26", "2024-12-30")]
    [InlineData("2024-12-27", "2024-12-30")]
    [InlineData("2025-01-01", "2025-01-02")]
    [InlineData("2025-04-18", "2025-04-22")]
    [InlineData("2025-04-21", "2025-04-22")]
    [InlineData("2025-04-26", "2025-04-28")] // Koningsdag moved to Saturday 26 April
    [InlineData("2025-05-05", "2025-05-06")]
    [InlineData("2025-05-29", "2025-06-02")]
    [InlineData("2025-05-30", "2025-06-02")]
    [InlineData("2025-06-09", "2025-06-10")]
    [InlineData("2025-12-25", "2025-12-29")] // Thu, Fri, weekend → Mon
    [InlineData("2025-12-26", "2025-12-29")]
    [InlineData("2026-01-01", "2026-01-05")] // Nieuwjaarsdag, designated Friday, weekend → Mon
    [InlineData("2026-01-02", "2026-01-05")]
    [InlineData("2026-04-03", "2026-04-07")]
    [InlineData("2026-04-06", "2026-04-07")]
    [InlineData("2026-04-27", "2026-04-28")] // Koningsdag on a Monday
    [InlineData("2026-05-05", "2026-05-06")]
    [InlineData("2026-05-14", "2026-05-18")]
    [InlineData("2026-05-15", "2026-05-18")]
    [InlineData("2026-05-25", "2026-05-26")]
    [InlineData("2026-12-25", "2026-12-28")]
    [InlineData("2026-12-26", "2026-12-28")]
    public void EndsOnHoliday_MovesToNextWorkingDay(string holiday, string expected) =>
        Assert.Equal(D(expected), Terms.End(D(holiday).AddDays(-14), 14, Seed));

    [Fact]
    public void EndsOnGoedeVrijdag_ChainsThroughEasterToTuesday() =>
        Assert.Equal(D("2023-04-11"), End("2023-03-24", 14)); // Fri 7 Apr → Sat → Sun → Tweede Paasdag → Tue

    [Fact]
    public void EndsOnFridayBeforePinksteren_Stays() =>
        Assert.Equal(D("2023-05-26"), End("2023-05-12", 14));

    [Fact]
    public void EndsOnSaturdayBeforePinksteren_MovesPastWhitMondayToTuesday() =>
        Assert.Equal(D("2023-05-30"), End("2023-05-13", 14));

    [Fact]
    public void EndsOnHemelvaart_WithoutDesignatedFriday_MovesToFriday() =>
        Assert.Equal(D("2023-05-19"), Terms.End(D("2023-05-04"), 14, NoDesignatedDays));

    [Theory]
    [InlineData("2020-12-11", "2020-12-28")] // Fri 25, Sat 26, Sun 27 → Mon 28
    [InlineData("2021-12-11", "2021-12-27")] // Sat 25, Sun 26 → Mon 27
    [InlineData("2022-12-10", "2022-12-27")] // Sat 24, Sun 25, Mon 26 → Tue 27
    [InlineData("2022-12-17", "2023-01-02")] // Sat 31 Dec, Nieuwjaarsdag on Sunday → Mon 2 Jan
    [InlineData("2025-12-11", "2025-12-29")] // Thu 25, Fri 26, weekend → Mon 29
    public void EndsAtChristmasOrNewYear_MovesPastTheWeekend(string start, string expected) =>
        Assert.Equal(D(expected), End(start, 14));

    [Theory]
    [InlineData("2024-04-13", "2024-04-29")] // Sat 27 April 2024 is Koningsdag itself
    [InlineData("2025-04-12", "2025-04-28")] // Sat 26 April 2025 is Koningsdag, Sun 27 an ordinary Sunday
    [InlineData("2025-04-13", "2025-04-28")]
    [InlineData("2026-04-13", "2026-04-28")] // 2026: Koningsdag is Monday 27 April, not a Saturday
    public void EndsAroundKoningsdagOnWeekend_MovesToFirstWorkingDay(string start, string expected) =>
        Assert.Equal(D(expected), End(start, 14));

    // Atw art. 2: a term of 3 days or more holds at least two days that are not Saturday, Sunday or holiday.
    [Fact]
    public void ThreeDaysOverEaster_ExtendedToSecondWorkingDay() =>
        Assert.Equal(D("2023-04-12"), End("2023-04-06", 3)); // Fri–Mon none; Tue 11 is the first, Wed 12 the second

    [Fact]
    public void ThreeDaysFromWednesdayBeforeEaster_OneWorkingDayInside_EndsTuesday() =>
        Assert.Equal(D("2023-04-11"), End("2023-04-05", 3)); // Thu 6 and Tue 11

    [Fact]
    public void ThreeDaysFromFriday_EndsTuesday() =>
        Assert.Equal(D("2023-09-12"), End("2023-09-08", 3)); // Monday alone is one working day

    [Fact]
    public void TwoDaysFromFriday_Art2DoesNotApply_EndsMonday() =>
        Assert.Equal(D("2023-09-11"), End("2023-09-08", 2));

    [Fact]
    public void OneDayFromFriday_EndsMonday() =>
        Assert.Equal(D("2023-09-11"), End("2023-09-08", 1));

    [Fact]
    public void ThreeDaysBeforeChristmas_ExtendedToThursday() =>
        Assert.Equal(D("2023-12-28"), End("2023-12-22", 3)); // Mon 25, Tue 26 holidays; Wed 27 and Thu 28

    [Fact]
    public void ThreeDaysOverHemelvaart_DesignatedFridayCounts() =>
        Assert.Equal(D("2023-05-23"), End("2023-05-17", 3));

    [Fact]
    public void ThreeDaysOverHemelvaart_NoDesignatedFriday_EndsMonday() =>
        Assert.Equal(D("2023-05-22"), Terms.End(D("2023-05-17"), 3, NoDesignatedDays));

    // The three-day cooling-off period of a house purchase (BW 7:2), as explained on staatsrechtpraktijk.nl, December 2017.
    [Theory]
    [InlineData("2017-12-19", "2017-12-22")]
    [InlineData("2017-12-20", "2017-12-27")] // Sat 23 → past the weekend and Christmas
    public void ThreeDaysInDecember2017_AsPublished(string signed, string expected) =>
        Assert.Equal(D(expected), End(signed, 3));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NoDays_Throws(int days) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => End("2023-09-04", days));

    [Theory]
    [InlineData("2023-01-10T22:30:00", "2023-01-24")] // 23:30 in Amsterdam (CET): still the 10th
    [InlineData("2023-01-10T23:30:00", "2023-01-25")] // 00:30 on the 11th
    [InlineData("2023-07-10T21:30:00", "2023-07-24")] // 23:30 in Amsterdam (CEST): still the 10th
    [InlineData("2023-07-10T22:30:00", "2023-07-25")] // 00:30 on the 11th
    public void SentAtUtcInstant_CountsFromTheAmsterdamDate(string sentAtUtc, string expected)
    {
        var utc = DateTime.SpecifyKind(DateTime.Parse(sentAtUtc, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

        Assert.Equal(D(expected), Terms.End(utc, 14, Seed));
    }

    [Fact]
    public void LocalDateTime_Throws() =>
        Assert.Throws<ArgumentException>(() => Terms.End(new DateTime(2023, 1, 10, 12, 0, 0, DateTimeKind.Local), 14, Seed));

    [Theory]
    [InlineData("2023-04-14", "2023-05-12")]
    [InlineData("2023-04-20", "2023-05-22")] // 18 May Hemelvaart, 19 May designated, weekend
    public void SetAside_FourWeeksAfterTermEnd(string termEnd, string expected) =>
        Assert.Equal(D(expected), Terms.SetAsideDeadline(D(termEnd), Seed));

    [Theory]
    [InlineData("2023-03-20", "2023-05-01")]
    [InlineData("2023-03-16", "2023-05-01")] // 27 April Koningsdag, 28 April designated
    [InlineData("2023-03-24", "2023-05-08")] // Friday 5 May Bevrijdingsdag
    [InlineData("2023-11-14", "2023-12-27")] // 26 December
    public void Objection_SixWeeksFromDayAfterSending(string sentOn, string expected) =>
        Assert.Equal(D(expected), Terms.ObjectionDeadline(D(sentOn), Seed));
}
