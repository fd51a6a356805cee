using System.Globalization;

namespace GrantAdmin.Tests.Support;

/// <summary>UTC instants written as ISO 8601 text ("2023-04-28T21:59:59.999999Z"), so a test can show the hand computation.</summary>
public static class Instant
{
    public static DateTime Utc(string iso) =>
        DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
