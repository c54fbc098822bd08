using System.Diagnostics;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Where the nanoseconds of one simulated request go: <c>... -- sim-parts [requests] [rounds] [destinations]</c>.
/// Per policy, CPU ns per simulated request of the whole run, of its event loop and of building the result, then
/// the parts of a request measured alone on the same cluster: the pick (with the start and end of the request
/// around it, as the loop does), the recording of the outcome, and the two random draws with their logarithms
/// (arrival gap and service time). What the loop costs beyond the parts is the event queue and the bookkeeping.
/// Median of <c>rounds</c>, after one warm-up round; per CPU second (see <see cref="SimulationSpeed"/>).
/// </summary>
internal static class SimulationParts
{
    public static void Run(int requests, int rounds, int destinations = 3)
    {
        Console.WriteLine($"{"policy",-16} {"run",7} {"loop",7} {"result",7} {"pick",7} {"record",7} {"draws",7}  (CPU ns per simulated request)");
        foreach (var policy in new[] { PolicyKind.RoundRobin, PolicyKind.PeakEwma, PolicyKind.LeastRequests, PolicyKind.ConsistentHash })
        {
            var scenario = SimulationScenario.Default(SimulationBenchmarks.Cluster(policy, destinations), requests, seed: 1);
            var loop = new List<double>();
            var result = new List<double>();
            var run = new List<double>();
            for (var i = 0; i <= rounds; i++)
            {
                // Inline draws: every nanosecond of the run on this one thread, so the parts below add up to it.
                var simulation = new SimulationRun(scenario, observer: null, drawAhead: false);
                var events = CpuNs(simulation.RunEvents);
                var build = CpuNs(() => simulation.BuildResult());
                if (i > 0)
                {
                    loop.Add(events / requests);
                    result.Add(build / requests);
                    run.Add((events + build) / requests);
                }
            }
            var pick = Median(rounds, () => Picks(scenario, requests));
            var record = Median(rounds, () => Records(scenario, requests));
            var draws = Median(rounds, () => Draws(scenario, requests));
            Console.WriteLine($"{policy,-16} {Median(run),7:F0} {Median(loop),7:F0} {Median(result),7:F0} {pick,7:F0} {record,7:F0} {draws,7:F0}");
        }
    }

    /// <summary>Pick, start, end: the balancer's part of sending a request, nothing in flight between picks.</summary>
    private static double Picks(SimulationScenario scenario, int requests)
    {
        var balancer = new ClusterBalancer(scenario.Cluster, new VirtualTimeProvider(), new SeededRandom(3), previous: null, singleThreaded: true);
        var now = VirtualTimeProvider.OriginTicks;
        return CpuNs(() =>
        {
            for (var i = 0; i < requests; i++)
            {
                now += 4_000;
                var backend = balancer.Pick(new PickContext(now, (ulong)i * 0x9E3779B97F4A7C15UL, HasKey: true))!;
                backend.RequestStarted();
                backend.RequestEnded();
            }
        }) / requests;
    }

    /// <summary>RecordOutcome of a success: the failure penalty's typical time, both estimators, the outlier streak.</summary>
    private static double Records(SimulationScenario scenario, int requests)
    {
        var balancer = new ClusterBalancer(scenario.Cluster, new VirtualTimeProvider(), new SeededRandom(3), previous: null, singleThreaded: true);
        var backends = balancer.Backends;
        var now = VirtualTimeProvider.OriginTicks;
        var latency = TimeSpan.FromMilliseconds(10);
        return CpuNs(() =>
        {
            for (var i = 0; i < requests; i++)
            {
                now += 4_000;
                balancer.RecordOutcome(backends[i % backends.Count], now, latency, failure: false);
            }
        }) / requests;
    }

    /// <summary>The arrival gap and the service time of one request: two uniform draws, two logarithms.</summary>
    private static double Draws(SimulationScenario scenario, int requests)
    {
        var arrivals = new SeededRandom(1);
        var service = new SeededRandom(2);
        var serviceTime = scenario.DefaultBehavior.ServiceTime;
        long sum = 0;
        var ns = CpuNs(() =>
        {
            for (var i = 0; i < requests; i++)
            {
                sum += scenario.Arrivals.NextGapTicks(arrivals) + serviceTime.SampleTicks(service, 1.0);
            }
        });
        GC.KeepAlive(sum);
        return ns / requests;
    }

    private static double Median(int rounds, Func<double> measure)
    {
        measure();
        var values = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            values.Add(measure());
        }
        return Median(values);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static double CpuNs(Action action)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        action();
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalMilliseconds * 1e6;
    }
}
