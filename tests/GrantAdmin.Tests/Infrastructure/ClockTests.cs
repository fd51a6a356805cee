using GrantAdmin.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Time.Testing;
using static GrantAdmin.Tests.Support.Instant;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>The Amsterdam helpers and the development clock that can start at a chosen moment.</summary>
public sealed class ClockTests
{
    private const string StartAt = "2023-04-28T23:59:00+02:00";
    private static readonly DateTimeOffset Start = new(2023, 4, 28, 21, 59, 0, TimeSpan.Zero);

    private static TimeProvider Create(string environment, string? startAt)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(startAt is null ? [] : [new KeyValuePair<string, string?>("Clock:StartAt", startAt)])
            .Build();
        return ShiftedTimeProvider.Create(new HostingEnvironment { EnvironmentName = environment }, configuration);
    }

    [Fact]
    public void Development_WithStartAt_StartsThereAndRunsOn()
    {
        var clock = Create(Environments.Development, StartAt);
        var first = clock.GetUtcNow();
        Assert.IsType<ShiftedTimeProvider>(clock);
        Assert.InRange(first, Start, Start.AddMinutes(1));
        SpinWait.SpinUntil(() => clock.GetUtcNow() > first, TimeSpan.FromSeconds(5));
        Assert.True(clock.GetUtcNow() > first, "the shifted clock does not run");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public void OutsideDevelopment_StartAtIgnored(string environment) => Assert.Same(TimeProvider.System, Create(environment, StartAt));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Development_WithoutStartAt_SystemClock(string? startAt) => Assert.Same(TimeProvider.System, Create(Environments.Development, startAt));

    [Fact]
    public void ShiftedClock_AdvancesWithItsInnerClock()
    {
        var inner = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var clock = new ShiftedTimeProvider(DateTimeOffset.Parse(StartAt, System.Globalization.CultureInfo.InvariantCulture), inner);
        Assert.Equal(Start, clock.GetUtcNow());
        inner.Advance(TimeSpan.FromSeconds(59.999999));
        Assert.Equal("28 april 2023 om 23:59:59", Amsterdam.Format(clock.GetUtcNow().UtcDateTime));
        inner.Advance(TimeSpan.FromSeconds(0.000001));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        Assert.Equal(new DateOnly(2023, 4, 29), Amsterdam.Today(clock));
        Assert.Same(Amsterdam.Zone, clock.LocalTimeZone);
    }

    [Theory]
    [InlineData("2023-04-28T21:59:59Z", "28 april 2023 om 23:59:59")]   // CEST
    [InlineData("2022-12-31T23:00:00Z", "1 januari 2023 om 00:00:00")]  // CET
    [InlineData("2023-02-01T09:15:30.999Z", "1 februari 2023 om 10:15:30")]
    public void Format_AmsterdamTimeInDutch(string instant, string expected) => Assert.Equal(expected, Amsterdam.Format(Utc(instant)));

    [Fact]
    public void FormatDate_Dutch() => Assert.Equal("14 oktober 2022", Amsterdam.FormatDate(new DateOnly(2022, 10, 14)));

    [Theory]
    [InlineData("2023-01-01", "2022-12-31T23:00:00Z")]
    [InlineData("2023-03-26", "2023-03-25T23:00:00Z")]
    [InlineData("2023-03-27", "2023-03-26T22:00:00Z")]
    [InlineData("2023-10-29", "2023-10-28T22:00:00Z")]
    [InlineData("2023-10-30", "2023-10-29T23:00:00Z")]
    public void StartOfDayUtc_LocalMidnight(string day, string utc) =>
        Assert.Equal(Utc(utc), Amsterdam.StartOfDayUtc(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2023-04-28T21:59:59.999999Z", "2023-04-28")]
    [InlineData("2023-04-28T22:00:00Z", "2023-04-29")]
    [InlineData("2022-12-31T22:59:59Z", "2022-12-31")]
    [InlineData("2022-12-31T23:00:00Z", "2023-01-01")]
    public void Today_IsTheAmsterdamCalendarDay(string utc, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Amsterdam.Today(new FakeTimeProvider(new DateTimeOffset(Utc(utc)))));

    [Fact]
    public void TruncateToMicroseconds_DropsTheLastTickDigitAndMarksUtc()
    {
        var truncated = Amsterdam.TruncateToMicroseconds(DateTime.SpecifyKind(Utc("2023-02-01T09:15:30.1234567Z"), DateTimeKind.Unspecified));
        Assert.Equal(Utc("2023-02-01T09:15:30.123456Z"), truncated);
        Assert.Equal(DateTimeKind.Utc, truncated.Kind);
    }
}
