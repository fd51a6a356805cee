using System.Globalization;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// Development only: a clock that starts at a configured instant and runs on in real time from there, so
/// a person can play through the edges of a round (<c>Clock:StartAt</c>).
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset startAt, TimeProvider inner) : TimeProvider
{
    private readonly long startTimestamp = inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() =>
        startAt.ToUniversalTime() + inner.GetElapsedTime(startTimestamp);

    public override TimeZoneInfo LocalTimeZone => Amsterdam.Zone;

    public static TimeProvider Create(IHostEnvironment environment, IConfiguration configuration)
    {
        var startAt = configuration["Clock:StartAt"];
        if (!environment.IsDevelopment() || string.IsNullOrWhiteSpace(startAt)) return System;
        return new ShiftedTimeProvider(DateTimeOffset.Parse(startAt, CultureInfo.InvariantCulture), System);
    }
}
