using Microsoft.Extensions.Time.Testing;

namespace Fulcrum.Tests.Receivers;

/// <summary>
/// A FakeTimeProvider that counts the timers created on it, so a test can wait until background code has really
/// started waiting (Task.Delay registered its timer) before it advances the clock.
/// </summary>
internal sealed class TimerCountingTimeProvider(FakeTimeProvider fake) : TimeProvider
{
    private int timersCreated;

    public int TimersCreated => Volatile.Read(ref timersCreated);

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref timersCreated);
        return timer;
    }
}
