using System.Globalization;
using GrantAdmin.Web.Features.Deadlines;

namespace GrantAdmin.Tests.Features.Deadlines;

/// <summary>The Atw art. 3(3) days shipped in ReferenceData/aangewezen-dagen.csv, and terms around each of them.</summary>
public sealed class ShippedDesignatedDaysTests
{
    private static readonly IReadOnlySet<DateOnly> Shipped = DesignatedDays.ShippedDays.Select(d => d.Day).ToHashSet();

    public static TheoryData<string> Days() => [.. DesignatedDays.ShippedDays.Select(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private static DesignatedDays.Shipped Row(string day) => DesignatedDays.ShippedDays.Single(d => d.Day == Dates.D(day));

    [Fact]
    public void EveryYear2021To2030_HasItsFridayAfterHemelvaart() =>
        Assert.All(Enumerable.Range(2021, 10), year => Assert.Contains(Holidays.EasterSunday(year).AddDays(40), Shipped));

    [Fact]
    public void ShippedDays_InDateOrderWithoutDuplicates() =>
        Assert.Equal(DesignatedDays.ShippedDays.Select(d => d.Day).Order().Distinct(), DesignatedDays.ShippedDays.Select(d => d.Day));

    // A designated day on a weekend or an art. 3(1)/(2) holiday would change nothing: it would be a typing error, or a double count.
    [Theory, MemberData(nameof(Days))]
    public void ShippedDay_IsAWeekdayThatIsNoHolidayOfItsOwn(string day)
    {
        var d = Dates.D(day);
        Assert.True(Holidays.IsWorkingDay(d, Dates.NoDesignatedDays), $"{day} is already not a working day");
        Assert.False(Holidays.IsWorkingDay(d, Shipped));
    }

    [Theory, MemberData(nameof(Days))]
    public void ShippedDay_NamesItsDecreeOrSaysWhyNot(string day)
    {
        var row = Row(day);
        Assert.InRange(row.Decree.Length, 1, 200); // designated_days.description holds 200 characters
        Assert.NotEmpty(row.Note);
        // A confirmed day is named in the title of its decree ("28 april 2023"), and we say where we found that title.
        if (row.Confirmed)
        {
            Assert.Contains(row.Day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL")), row.Decree);
            Assert.StartsWith("https://", row.Source);
        }
    }

    // Atw art. 1: a term whose last day would be the designated Friday ends on the Monday after it instead.
    [Theory, MemberData(nameof(Days))]
    public void TermEndingOnShippedDay_MovesToTheNextWorkingDay(string day)
    {
        var d = Dates.D(day);
        Assert.Equal(d, Terms.End(d.AddDays(-7), 7, Dates.NoDesignatedDays));
        Assert.Equal(d.AddDays(3), Terms.End(d.AddDays(-7), 7, Shipped));
        Assert.Equal(d.AddDays(3), Terms.End(d.AddDays(-1), 1, Shipped));
    }

    // Atw art. 2: a 3-day term from the Thursday holds the Friday, Saturday and Sunday. With the Friday designated it holds no
    // working day, so it runs to the second working day after it (Tuesday) instead of the first (Monday).
    [Theory, MemberData(nameof(Days))]
    public void ThreeDayTermFromTheDayBefore_NeedsTwoWorkingDays_EndsOnTuesday(string day)
    {
        var d = Dates.D(day);
        Assert.Equal(d.AddDays(3), Terms.End(d.AddDays(-1), 3, Dates.NoDesignatedDays));
        Assert.Equal(d.AddDays(4), Terms.End(d.AddDays(-1), 3, Shipped));
    }
}
