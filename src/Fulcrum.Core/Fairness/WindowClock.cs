using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Fairness;

/// <summary>
/// Cuts the monitor's monotonic clock into epochs of <see cref="BucketTicks"/>; the window is the last
/// <see cref="WindowBuckets"/> epochs, the current (partial) one included, so it spans between
/// (buckets − 1) and buckets bucket lengths.
/// </summary>
internal sealed class WindowClock
{
    /// <summary>Thirty slices: one second each for the default 30 s window.</summary>
    public const int DefaultBuckets = 30;

    public WindowClock(TimeProvider time, TimeSpan window)
    {
        Time = time;
        Window = window;
        WindowBuckets = DefaultBuckets;
        BucketTicks = Math.Max(1, window.Ticks / WindowBuckets);
    }

    public TimeProvider Time { get; }

    public TimeSpan Window { get; }

    public int WindowBuckets { get; }

    public long BucketTicks { get; }

    public long CurrentEpoch() => MonotonicTicks.Now(Time) / BucketTicks;
}
