using System.Diagnostics;
using System.Text;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Proxy;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Stopwatch phases of applying a large config to a running in-process server (parse, route validation, audit of
/// the changed cluster, mapping to YARP) and the whole gate (the same plus YARP's rebuild, the listener and the
/// journal), to find where a reload's time goes: <c>dotnet run -c Release --project bench/Fulcrum.Benchmarks --
/// apply-phases [destinations] [runs]</c>. Loopback only; nothing is sent to the destinations.
/// </summary>
internal static class ApplyPhases
{
    public static async Task RunAsync(int destinations, int runs)
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-apply-").FullName;
        var path = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, Yaml(folder, destinations, 0));
        await using var server = await FulcrumServer.StartAsync(new FulcrumServerOptions { ConfigPath = path, WatchConfig = false, ShutdownTimeout = TimeSpan.FromSeconds(2) });
        var audit = new IncrementalAudit();
        audit.Audit(ConfigLoader.Parse(Yaml(folder, destinations, 0), path, folder));
        var phases = new Dictionary<string, List<double>>();
        void Record(string phase, Stopwatch watch) => (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(watch.Elapsed.TotalMilliseconds);
        // CPU of the calling thread (Linux): on a shared machine the wall time is mostly the wait for a core.
        void RecordCpu(string phase, double startMs) => (phases.TryGetValue(phase, out var list) ? list : phases[phase] = []).Add(ThreadCpuMs() - startMs);
        for (var i = 1; i <= runs; i++)
        {
            var yaml = Yaml(folder, destinations, i);
            var watch = Stopwatch.StartNew();
            var cpu = ThreadCpuMs();
            var config = ConfigLoader.Parse(yaml, path, folder);
            Record("parse", watch);
            RecordCpu("parse, thread CPU", cpu);
            watch.Restart();
            YarpRouteValidator.Check(config);
            Record("validate routes", watch);
            watch.Restart();
            cpu = ThreadCpuMs();
            audit.Audit(config);
            Record("audit (changed cluster)", watch);
            RecordCpu("audit, thread CPU", cpu);
            watch.Restart();
            _ = YarpConfigMapper.Routes(config);
            _ = YarpConfigMapper.Clusters(config);
            Record("map to YARP", watch);
            watch.Restart();
            cpu = ThreadCpuMs();
            var processCpu = Environment.CpuUsage.TotalTime;
            var result = server.Gate.TryApplyYaml(Yaml(folder, destinations, i + runs), path, ConfigTrigger.FileChange, force: false);
            Record("gate: all + YARP + journal", watch);
            RecordCpu("gate, calling thread CPU", cpu);
            // Every thread of the process (the simulation's workers, YARP, the journal; also the monitor's 250 ms
            // sampling, which at 1,000 destinations is a few ms per tick): what the apply costs a quiet machine.
            (phases.TryGetValue("gate, process CPU", out var all) ? all : phases["gate, process CPU"] = []).Add((Environment.CpuUsage.TotalTime - processCpu).TotalMilliseconds);
            if (!result.Applied)
            {
                Console.WriteLine($"refused: {result.Message}");
            }
        }
        foreach (var size in new[] { 10, destinations })
        {
            var cluster = ConfigLoader.Parse(Yaml(folder, size, 0), path, folder).Clusters[0];
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var cpu = ThreadCpuMs();
                var prediction = new SimulatorShareSimulator().Predict(cluster, null);
                Record($"simulate {size} dest. ({prediction.Requests / 1000}k req)", watch);
                RecordCpu($"simulate {size} dest., thread CPU", cpu);
            }
        }
        // The rules alone over the large config, predictions made beforehand: what an audit costs besides simulating.
        var large = ConfigLoader.Parse(Yaml(folder, destinations, 0), path, folder);
        for (var i = 0; i < 3; i++)
        {
            var context = new AuditContext(large, new SimulatorShareSimulator());
            context.PredictAll();
            var watch = Stopwatch.StartNew();
            var rulesCpu = ThreadCpuMs();
            foreach (var rule in RuleCatalog.All)
            {
                var ruleCpu = ThreadCpuMs();
                _ = rule.Check(context).Count();
                if (i == 2 && ThreadCpuMs() - ruleCpu >= 2)
                {
                    RecordCpu($"  rule {rule.Id}, thread CPU", ruleCpu);
                }
            }
            Record("rules only (all, no sim.)", watch);
            RecordCpu("rules only, thread CPU", rulesCpu);
        }
        Console.WriteLine($"{destinations} destinations, {runs} runs, median (min–max) ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var (phase, times) in phases)
        {
            times.Sort();
            Console.WriteLine($"{phase,-28} {times[times.Count / 2],8:0.0}  ({times[0]:0.0}–{times[^1]:0.0})");
        }
    }

    /// <summary>CPU time of the calling thread in ms, from /proc/thread-self/schedstat (0 where that does not exist).</summary>
    internal static double ThreadCpuMs()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            return long.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture) / 1e6;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static string Yaml(string folder, int destinations, int variant)
    {
        var text = new StringBuilder();
        text.AppendLine("listen: [http://127.0.0.1:0]").AppendLine("admin:").AppendLine("  listen: http://127.0.0.1:0");
        text.AppendLine("routes:").AppendLine("  - name: bench").AppendLine("    match: { path: \"/{**rest}\" }").AppendLine("    cluster: bench");
        text.AppendLine("clusters:").AppendLine("  bench:").AppendLine("    policy: round-robin").AppendLine("    destinations:");
        for (var i = 0; i < destinations; i++)
        {
            text.AppendLine($"      d{i}: {{ address: \"http://127.0.0.1:{10000 + i % 3}/d{i}\", weight: {(i == 0 ? 1 + variant % 2 : 1)} }}");
        }
        text.AppendLine($"journal: {{ path: \"{folder}/journal.db\" }}");
        return text.ToString();
    }
}
