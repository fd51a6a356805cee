using System.Globalization;

namespace GrantAdmin.Tests.Features.Deadlines;

/// <summary>ISO dates in test data: attributes cannot hold a DateOnly, and xunit does not convert strings to one.</summary>
internal static class Dates
{
    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlySet<DateOnly> NoDesignatedDays { get; } = new HashSet<DateOnly>();
}
