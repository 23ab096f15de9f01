namespace Bezirksplattform.IntegrationTests.Infrastructure;

/// <summary>A clock the test moves by hand (Microsoft's FakeTimeProvider is not in the registry here).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();
    private readonly Lock _lock = new();

    public TestClock() : this(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    public void Set(DateTimeOffset now)
    {
        lock (_lock) _now = now.ToUniversalTime();
    }
}
