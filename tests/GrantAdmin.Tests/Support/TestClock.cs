namespace GrantAdmin.Tests.Support;

/// <summary>A clock the test sets, forwards or backwards (FakeTimeProvider refuses to go back between tests).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    public override DateTimeOffset GetUtcNow() => now;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    public void SetUtcNow(DateTimeOffset value) => now = value;
    public void Advance(TimeSpan by) => now += by;
}
