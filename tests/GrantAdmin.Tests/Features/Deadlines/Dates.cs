using System.Globalization;
using GrantAdmin.Web.Features.Deadlines;

namespace GrantAdmin.Tests.Features.Deadlines;

/// <summary>ISO dates in test data: attributes cannot hold a DateOnly, and xunit does not convert strings to one.</summary>
internal static class Dates
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlySet<DateOnly> NoDesignatedDays { get; } = new HashSet<DateOnly>();

    /// <summary>
    /// The Friday after Hemelvaartsdag of each year: the day every Atw art. 3(3) decree so far designates, as a stand-in
    /// for the decrees in tests that range beyond the shipped years (the app itself uses only the shipped list).
    /// </summary>
    public static IReadOnlySet<DateOnly> HemelvaartFridays(int firstYear, int lastYear) =>
        Enumerable.Range(firstYear, lastYear - firstYear + 1).Select(y => Holidays.EasterSunday(y).AddDays(40)).ToHashSet();

    /// <summary>The designated days as the app knows them (shipped, 2021–2030), with the Hemelvaart Fridays before that.</summary>
    public static IReadOnlySet<DateOnly> Designated { get; } =
        HemelvaartFridays(2000, 2020).Union(DesignatedDays.ShippedDays.Select(d => d.Day)).ToHashSet();
}
