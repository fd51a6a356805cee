using System.Globalization;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>The one place that converts between UTC instants and Dutch legal time.</summary>
public static class Amsterdam
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("nl-NL");

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToLocal(DateTimeOffset instant) => ToLocal(instant.UtcDateTime);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(ToLocal(clock.GetUtcNow()));

    /// <summary>The UTC instant at which the given Amsterdam calendar day starts (00:00:00 local).</summary>
    public static DateTime StartOfDayUtc(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), Zone);

    /// <summary>ISO 8601 with the Dutch offset of that instant ("2023-04-28T23:59:59.000000+02:00"), for open data.</summary>
    public static string Iso(DateTime utc) =>
        new DateTimeOffset(ToLocal(utc), Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);

    /// <summary>"28 april 2023 om 23:59:59" — how letters and pages state a moment.</summary>
    public static string Format(DateTime utc) =>
        ToLocal(utc).ToString("d MMMM yyyy 'om' HH:mm:ss", Culture);

    public static string FormatDate(DateOnly day) => day.ToString("d MMMM yyyy", Culture);

    /// <summary>Instants are kept to the microsecond, the precision both engines store.</summary>
    public static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);
}
