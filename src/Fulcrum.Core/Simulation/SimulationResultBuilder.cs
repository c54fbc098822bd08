namespace Fulcrum.Core.Simulation;

/// <summary>Turns the per-destination statistics of a finished run into a <see cref="SimulationResult"/>.</summary>
internal static class SimulationResultBuilder
{
    /// <summary>p50, p99 and p99.9, found together (one histogram for the three).</summary>
    private static readonly double[] Quantiles = [0.50, 0.99, 0.999];

    public static SimulationResult Build(
        SimulationScenario scenario,
        IReadOnlyList<DestinationSim> destinations,
        long arrived,
        long unrouted,
        long durationTicks,
        long endTicks,
        IReadOnlyList<ScenarioEvent> applied,
        IReadOnlyList<KeyAssignmentPhase> keyPhases)
    {
        var results = new DestinationResult[destinations.Count];
        long errors = unrouted;
        long rejections = 0;
        long timedOut = 0;
        foreach (var destination in destinations)
        {
            errors += destination.Errors;
            rejections += destination.Rejections;
            timedOut += destination.TimedOut;
        }
        // The cluster's percentiles over every destination's samples where they lie (no merged copy).
        var all = destinations.Select(d => d.Latencies).ToArray();
        var percentiles = Array.Empty<TimeSpan>();
        void DescribeAll()
        {
            for (var i = 0; i < destinations.Count; i++)
            {
                results[i] = Describe(destinations[i], arrived, endTicks);
            }
        }
        void ClusterPercentiles() => percentiles = LatencySamples.Percentiles(all, Quantiles);
        if (Environment.ProcessorCount > 1 && arrived >= SimulationRun.DrawAheadRequests)
        {
            // Two independent reads of the finished samples, each about half the result's work: side by side on a
            // large run (Parallel.Invoke runs one on this thread; the values are the same either way).
            Parallel.Invoke(DescribeAll, ClusterPercentiles);
        }
        else
        {
            DescribeAll();
            ClusterPercentiles();
        }
        return new SimulationResult
        {
            Cluster = scenario.Cluster.Name,
            Policy = scenario.Cluster.Policy,
            PolicyName = scenario.Cluster.PolicyName,
            Seed = scenario.Seed,
            ArrivalRate = scenario.Arrivals.Rate,
            Duration = TimeSpan.FromTicks(durationTicks),
            Requests = arrived,
            Errors = errors,
            Rejections = rejections,
            P50 = percentiles[0],
            P99 = percentiles[1],
            P999 = percentiles[2],
            TimedOut = timedOut,
            LatencyThreshold = scenario.EffectiveLatencyThreshold,
            // At or above: a timed-out request is recorded at exactly the timeout, and it was not answered in time.
            OverThreshold = scenario.EffectiveLatencyThreshold is { } threshold ? LatencySamples.CountAtLeast(all, threshold.Ticks) : 0,
            Destinations = results,
            EventsApplied = applied.ToArray(),
            KeyPhases = keyPhases,
        };
    }

    private static DestinationResult Describe(DestinationSim destination, long arrived, long endTicks)
    {
        var latencies = destination.Latencies;
        var percentiles = LatencySamples.Percentiles([latencies], Quantiles);
        var presentSeconds = destination.PresentTicks(endTicks) / (double)TimeSpan.TicksPerSecond;
        return new DestinationResult(
            destination.Name,
            destination.LastWeight,
            destination.DeclaredCapacity ?? destination.Behavior.Throughput,
            arrived == 0 ? 0 : destination.ExpectedRequests / arrived,
            arrived == 0 ? 0 : (double)destination.Requests / arrived,
            destination.Requests,
            destination.Errors,
            destination.Rejections,
            latencies.Mean(),
            percentiles[0],
            percentiles[1],
            percentiles[2],
            destination.AverageInFlight(endTicks),
            destination.MaxInFlight,
            presentSeconds > 0 ? destination.Requests / presentSeconds : 0)
        {
            TimedOut = destination.TimedOut,
        };
    }
}
