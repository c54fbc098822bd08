using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Config;
using Fulcrum.Metrics;
using Fulcrum.Proxy;

namespace Fulcrum.Benchmarks;

/// <summary>
/// The Prometheus part of recording one request (<see cref="FulcrumMetrics.Record"/>: the status-class counter and
/// the latency histogram of its destination), with and without an <see cref="Activity"/> current, as in a YARP app
/// whose hosting diagnostics logger is on (ASP.NET then starts an Activity per request). prometheus-net attaches the
/// current trace context to each observation as an exemplar unless told not to; Fulcrum's /metrics never exports them.
/// Run: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*MetricsRecordBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class MetricsRecordBenchmarks
{
    private FulcrumMetrics _metrics = null!;
    private ClusterRuntime _runtime = null!;
    private Core.Balancing.Backend _backend = null!;
    private Activity? _activity;
    private ActivityListener? _listener;

    [Params(false, true)]
    public bool WithActivity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new ClusterRegistry(TimeProvider.System);
        registry.Apply([new ClusterConfig
        {
            Name = "web",
            Destinations = [.. Enumerable.Range(0, 3).Select(i => new DestinationConfig($"d{i}", new Uri($"http://127.0.0.1:{9001 + i}"), 1))],
        }]);
        registry.TryGet("web", out _runtime);
        _backend = _runtime.Balancer.Backends[1];
        _metrics = new FulcrumMetrics();
        _metrics.Bind(registry.All);
        if (WithActivity)
        {
            // An Activity as ASP.NET's hosting starts one (W3C id, recorded), current for the whole run.
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Bench.Hosting",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_listener);
            _activity = new ActivitySource("Bench.Hosting").StartActivity("Microsoft.AspNetCore.Hosting.HttpRequestIn");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activity?.Dispose();
        _listener?.Dispose();
    }

    [Benchmark]
    public void Record() => _metrics.Record(_runtime, _backend, 200, false, TimeSpan.FromMilliseconds(3.2));
}
