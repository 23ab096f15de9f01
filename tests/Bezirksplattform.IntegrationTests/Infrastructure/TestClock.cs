using System.Diagnostics;

namespace Bezirksplattform.IntegrationTests.Infrastructure;

/// <summary>
/// A clock the test moves by hand (Microsoft's FakeTimeProvider is not in the registry here).
/// Frozen by default; a running clock also moves with real time, which the Quartz scheduler
/// (it shares the platform clock) needs in order to fire at all.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly bool _running;
    private DateTimeOffset _start;
    private long _startTimestamp;

    public TestClock(DateTimeOffset start, bool running = false)
    {
        _start = start.ToUniversalTime();
        _running = running;
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    public TestClock() : this(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Real time from now on, for tests that run the scheduler.</summary>
    public static TestClock RunningFromNow() => new(DateTimeOffset.UtcNow, running: true);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _running ? _start + Stopwatch.GetElapsedTime(_startTimestamp) : _start;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public void Advance(TimeSpan by)
    {
        lock (_lock) _start += by;
    }

    public void Set(DateTimeOffset now)
    {
        lock (_lock)
        {
            _start = now.ToUniversalTime();
            _startTimestamp = Stopwatch.GetTimestamp();
        }
    }
}
