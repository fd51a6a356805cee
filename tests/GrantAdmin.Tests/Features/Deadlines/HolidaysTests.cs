using GrantAdmin.Web.Features.Deadlines;
using static GrantAdmin.Tests.Features.Deadlines.Dates;

namespace GrantAdmin.Tests.Features.Deadlines;

public sealed class HolidaysTests
{
    private static readonly IReadOnlySet<DateOnly> Seed = HemelvaartFridays(2022, 2026);

    [Theory]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2001, "2001-04-15")]
    [InlineData(2002, "2002-03-31")]
    [InlineData(2003, "2003-04-20")]
    [InlineData(2004, "2004-04-11")]
    [InlineData(2005, "2005-03-27")]
    [InlineData(2006, "2006-04-16")]
    [InlineData(2007, "2007-04-08")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2009, "2009-04-12")]
    [InlineData(2010, "2010-04-04")]
    [InlineData(2011, "2011-04-24")]
    [InlineData(2012, "2012-04-08")]
    [InlineData(2013, "2013-03-31")]
    [InlineData(2014, "2014-04-20")]
    [InlineData(2015, "2015-04-05")]
    [InlineData(2016, "2016-03-27")]
    [InlineData(2017, "2017-04-16")]
    [InlineData(2018, "2018-04-01")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2020, "2020-04-12")]
    [InlineData(2021, "2021-04-04")]
    [InlineData(2022, "2022-04-17")]
    [InlineData(2023, "2023-04-09")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2028, "2028-04-16")]
    [InlineData(2029, "2029-04-01")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(2031, "2031-04-13")]
    [InlineData(2032, "2032-03-28")]
    [InlineData(2033, "2033-04-17")]
    [InlineData(2034, "2034-04-09")]
    [InlineData(2035, "2035-03-25")]
    public void Year_EasterSundayAsPublished(int year, string easter)
    {
        Assert.Equal(D(easter), Holidays.EasterSunday(year));
        Assert.Equal(DayOfWeek.Sunday, Holidays.EasterSunday(year).DayOfWeek);
    }

    // Art. 3(1) and 3(2) Atw, written out per year; "designated" is the seeded art. 3(3) Friday after Hemelvaart.
    public static TheoryData<int, string[]> Expected => new()
    {
        { 2022, ["2022-01-01 Nieuwjaarsdag", "2022-04-15 Goede Vrijdag", "2022-04-18 Tweede Paasdag", "2022-04-27 Koningsdag",
                 "2022-05-05 Bevrijdingsdag", "2022-05-26 Hemelvaartsdag", "2022-05-27 designated", "2022-06-06 Tweede Pinksterdag",
                 "2022-12-25 Eerste Kerstdag", "2022-12-26 Tweede Kerstdag"] },
        { 2023, ["2023-01-01 Nieuwjaarsdag", "2023-04-07 Goede Vrijdag", "2023-04-10 Tweede Paasdag", "2023-04-27 Koningsdag",
                 "2023-05-05 Bevrijdingsdag", "2023-05-18 Hemelvaartsdag", "2023-05-19 designated", "2023-05-29 Tweede Pinksterdag",
                 "2023-12-25 Eerste Kerstdag", "2023-12-26 Tweede Kerstdag"] },
        { 2024, ["2024-01-01 Nieuwjaarsdag", "2024-03-29 Goede Vrijdag", "2024-04-01 Tweede Paasdag", "2024-04-27 Koningsdag",
                 "2024-05-05 Bevrijdingsdag", "2024-05-09 Hemelvaartsdag", "2024-05-10 designated", "2024-05-20 Tweede Pinksterdag",
                 "2024-12-25 Eerste Kerstdag", "2024-12-26 Tweede Kerstdag"] },
        { 2025, ["2025-01-01 Nieuwjaarsdag", "2025-04-18 Goede Vrijdag", "2025-04-21 Tweede Paasdag", "2025-04-26 Koningsdag",
                 "2025-05-05 Bevrijdingsdag", "2025-05-29 Hemelvaartsdag", "2025-05-30 designated", "2025-06-09 Tweede Pinksterdag",
                 "2025-12-25 Eerste Kerstdag", "2025-12-26 Tweede Kerstdag"] },
        { 2026, ["2026-01-01 Nieuwjaarsdag", "2026-04-03 Goede Vrijdag", "2026-04-06 Tweede Paasdag", "2026-04-27 Koningsdag",
                 "2026-05-05 Bevrijdingsdag", "2026-05-14 Hemelvaartsdag", "2026-05-15 designated", "2026-05-25 Tweede Pinksterdag",
                 "2026-12-25 Eerste Kerstdag", "2026-12-26 Tweede Kerstdag"] },
    };

    private static List<Holiday> Parse(string[] lines) =>
        [.. lines.Select(l => new Holiday(D(l[..10]), l[11..]))];

    [Theory]
    [MemberData(nameof(Expected))]
    public void Year_StatutoryHolidaysExactlyAsListed(int year, string[] expected)
    {
        var statutory = Parse(expected).Where(h => h.Name != "designated");

        Assert.Equal(statutory, Holidays.InYear(year));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void EveryDayOfYear_HolidayExactlyOnListedDays(int year, string[] expected)
    {
        var listed = Parse(expected).Select(h => h.Date).ToHashSet();

        for (var day = new DateOnly(year, 1, 1); day.Year == year; day = day.AddDays(1))
            Assert.True(listed.Contains(day) == Holidays.IsHoliday(day, Seed), $"{day:yyyy-MM-dd}");
    }

    [Theory]
    [InlineData("2022-05-27")]
    [InlineData("2023-05-19")]
    [InlineData("2024-05-10")]
    [InlineData("2025-05-30")]
    [InlineData("2026-05-15")]
    public void FridayAfterHemelvaart_HolidayOnlyWhenDesignated(string day)
    {
        var friday = D(day);

        Assert.False(Holidays.IsHoliday(friday, NoDesignatedDays));
        Assert.True(Holidays.IsHoliday(friday, Seed));
        Assert.Equal(DayOfWeek.Friday, friday.DayOfWeek);
        Assert.Contains(Holidays.InYear(friday.Year), h => h.Name == "Hemelvaartsdag" && h.Date == friday.AddDays(-1));
    }

    [Fact]
    public void YearBeforeModelledHistory_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Holidays.InYear(Holidays.FirstYear - 1));

    [Theory]
    [InlineData(2014, "2014-04-26")] // the first Koningsdag: 27 April 2014 was a Sunday
    [InlineData(2024, "2024-04-27")] // a Saturday, stays
    [InlineData(2025, "2025-04-26")]
    [InlineData(2026, "2026-04-27")] // a Monday
    [InlineData(2030, "2030-04-27")]
    [InlineData(2031, "2031-04-26")]
    public void KingsBirthday_27AprilOr26WhenSunday(int year, string expected) =>
        Assert.Equal(D(expected), Assert.Single(Holidays.InYear(year), h => h.Name == "Koningsdag").Date);

    [Fact]
    public void April27_2025_Sunday_NotItselfAHoliday()
    {
        Assert.Equal(DayOfWeek.Sunday, new DateOnly(2025, 4, 27).DayOfWeek);
        Assert.False(Holidays.IsHoliday(new DateOnly(2025, 4, 27), NoDesignatedDays));
    }

    [Theory]
    [InlineData(2000, "2000-04-29")] // 30 April 2000 was a Sunday
    [InlineData(2006, "2006-04-29")]
    [InlineData(2013, "2013-04-30")]
    public void BeforeKoningsdag_Koninginnedag30AprilOr29WhenSunday(int year, string expected) =>
        Assert.Equal(D(expected), Assert.Single(Holidays.InYear(year), h => h.Name == "Koninginnedag").Date);

    [Theory]
    [InlineData("2023-09-09", false)] // Saturday
    [InlineData("2023-09-10", false)] // Sunday
    [InlineData("2023-09-13", true)]  // Wednesday
    [InlineData("2023-04-07", false)] // Goede Vrijdag
    [InlineData("2023-05-19", false)] // designated
    [InlineData("2024-05-05", false)] // Bevrijdingsdag on a Sunday
    public void Day_WorkingDayUnlessWeekendOrHoliday(string day, bool expected) =>
        Assert.Equal(expected, Holidays.IsWorkingDay(D(day), Seed));
}
