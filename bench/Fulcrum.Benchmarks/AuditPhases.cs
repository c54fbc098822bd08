using System.Diagnostics;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Tests.Audit;

namespace Fulcrum.Benchmarks;

/// <summary>
/// Stopwatch phases of one large audit (parse, predictions, each rule), to find where the time goes without a
/// profiler: <c>dotnet run -c Release --project bench/Fulcrum.Benchmarks -- audit-phases [clusters] [routes-per-cluster]</c>.
/// </summary>
internal static class AuditPhases
{
    public static void Run(int clusters, int routesPerCluster)
    {
        var yaml = AuditWorkload.Yaml(clusters, routesPerCluster);
        var total = Stopwatch.StartNew();
        var watch = Stopwatch.StartNew();
        var config = ConfigLoader.Parse(yaml, "scale.yaml");
        Console.WriteLine($"parse            {watch.ElapsedMilliseconds,8} ms  ({config.Routes.Count} routes, {config.Clusters.Count} clusters)");
        watch.Restart();
        var context = new AuditContext(config, new SimulatorShareSimulator());
        context.PredictAll();
        Console.WriteLine($"predictions      {watch.ElapsedMilliseconds,8} ms");
        foreach (var rule in RuleCatalog.All)
        {
            watch.Restart();
            var found = rule.Check(context).Count();
            Console.WriteLine($"{rule.Id,-16} {watch.ElapsedMilliseconds,8} ms  ({found} findings)");
        }
        watch.Restart();
        var report = AuditEngine.Run(config);
        Console.WriteLine($"AuditEngine.Run  {watch.ElapsedMilliseconds,8} ms  ({report.Findings.Count} findings)");
        Console.WriteLine($"total            {total.ElapsedMilliseconds,8} ms");
    }
}
