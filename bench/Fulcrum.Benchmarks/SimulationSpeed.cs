using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Simulated requests per second without BenchmarkDotNet, for quick before/after runs and for profiling the event
/// loop under <c>perf</c>: <c>dotnet run -c Release --project bench/Fulcrum.Benchmarks -- sim-speed [requests] [rounds]</c>.
/// The scenario is <see cref="SimulationBenchmarks"/>' (the default one, 3 destinations); each policy runs once to
/// warm up, then <c>rounds</c> times, and the median round is printed.
/// </summary>
internal static class SimulationSpeed
{
    public static void Run(int requests, int rounds, int destinations = 3)
    {
        foreach (var policy in new[] { PolicyKind.RoundRobin, PolicyKind.PeakEwma, PolicyKind.LeastRequests, PolicyKind.ConsistentHash })
        {
            var scenario = SimulationScenario.Default(SimulationBenchmarks.Cluster(policy, destinations), requests, seed: 1);
            Simulator.Run(scenario);
            var seconds = new List<double>();
            var cpuSeconds = new List<double>();
            var loopSeconds = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var i = 0; i < rounds; i++)
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var loop = ApplyPhases.ThreadCpuMs();
                var watch = Stopwatch.StartNew();
                Simulator.Run(scenario);
                seconds.Add(watch.Elapsed.TotalSeconds);
                loopSeconds.Add((ApplyPhases.ThreadCpuMs() - loop) / 1e3);
                process.Refresh();
                cpuSeconds.Add((process.TotalProcessorTime - cpu).TotalSeconds);
            }
            seconds.Sort();
            cpuSeconds.Sort();
            loopSeconds.Sort();
            // Per CPU second as well as per wall second: on a loaded machine the wall rate mostly measures the wait.
            // Per CPU second of the calling thread too: with the draws on a second thread (DrawAhead) that thread
            // is the critical path, what the wall rate is on a quiet machine with a core free for the draws.
            Console.WriteLine($"{policy,-16} {Rate(requests, seconds)} per wall second, {Rate(requests, cpuSeconds)} per CPU second, " +
                $"{Rate(requests, loopSeconds)} per CPU second of the loop's thread (median of {rounds}, min-max)");
        }
    }

    private static string Rate(int requests, List<double> seconds) =>
        $"{requests / seconds[seconds.Count / 2] / 1e6:F2} M/s ({requests / seconds[^1] / 1e6:F2}-{requests / seconds[0] / 1e6:F2})";

    /// <summary>
    /// A hash of full results (every policy; the default scenario and one with timeouts, errors, a lognormal tail,
    /// a slow-down, a failure and a removal), to show a speed-up changed no result: compare before and after.
    /// </summary>
    public static void Fingerprint(int requests, int destinations = 3)
    {
        foreach (var policy in Enum.GetValues<PolicyKind>())
        {
            var cluster = SimulationBenchmarks.Cluster(policy, destinations);
            var plain = SimulationScenario.Default(cluster, requests, seed: 7);
            var eventful = plain with
            {
                Cluster = cluster with { Timeouts = cluster.Timeouts with { Request = TimeSpan.FromMilliseconds(40) } },
                DefaultBehavior = new DestinationBehavior { ServiceTime = ServiceTime.LogNormal(TimeSpan.FromMilliseconds(10)), ErrorRate = 0.02, QueueLimit = 20 },
                Events =
                [
                    ScenarioEvent.Slowdown(TimeSpan.FromSeconds(1), "d0", 4),
                    ScenarioEvent.Fail(TimeSpan.FromSeconds(2), "d1"),
                    ScenarioEvent.Recover(TimeSpan.FromSeconds(3), "d1"),
                    ScenarioEvent.Remove(TimeSpan.FromSeconds(4), "d2"),
                ],
            };
            Console.WriteLine($"{policy,-16} {Hash(Simulator.Run(plain))} {Hash(Simulator.Run(eventful))}");
        }
    }

    private static string Hash(SimulationResult result) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result))))[..16];
}
