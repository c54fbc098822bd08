namespace Fulcrum.Core.Balancing;

/// <summary>Reads a <see cref="TimeProvider"/>'s monotonic timestamp as <see cref="TimeSpan"/> ticks.</summary>
public static class MonotonicTicks
{
    public static long Now(TimeProvider time)
    {
        var timestamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;
        return frequency == TimeSpan.TicksPerSecond
            ? timestamp
            : (long)(timestamp * ((double)TimeSpan.TicksPerSecond / frequency));
    }
}
