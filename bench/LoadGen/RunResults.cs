namespace LoadGen;

/// <summary>The raw record of a run: per scheduled request its outcome, its latency from the scheduled time and the counted header.</summary>
internal sealed record RunResults(int[] Outcomes, long[] LatencyTicks, string?[] HeaderValues, TimeSpan SendDuration, TimeSpan MaxSendLag);
