namespace LoadGen;

/// <summary>The raw record of a run: per scheduled request its outcome and its latency from the scheduled time.</summary>
internal sealed record RunResults(int[] Outcomes, long[] LatencyTicks, TimeSpan SendDuration, TimeSpan MaxSendLag);
