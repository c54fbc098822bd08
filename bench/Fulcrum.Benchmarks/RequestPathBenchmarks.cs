using BenchmarkDotNet.Attributes;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Metrics;
using Fulcrum.Proxy;
using Fulcrum.Recording;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;

namespace Fulcrum.Benchmarks;

/// <summary>
/// What Fulcrum's own code does per proxied request, without YARP's forwarding: the pick through
/// <see cref="FulcrumLoadBalancingPolicy"/> (YARP's call into Fulcrum) and the recording step
/// (<see cref="RequestRecorder"/>: in flight, whose fault, the balancer's outcome, the fairness window, the
/// Prometheus children and the <c>Fulcrum</c> meter) around a forward that completes at once. Issue 13's goal is
/// 0 B per request here. <see cref="ThroughPipeline"/> is the step as <c>UseFulcrum()</c> adds it to YARP's
/// pipeline (<see cref="RetryStep"/>, then the recorder) around a forward that really goes asynchronous, as
/// behind a socket; <see cref="ForwardAlone"/> is that forward by itself, so the difference of their Allocated
/// columns is what Fulcrum's step adds per request.
/// Run: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*RequestPathBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private static readonly RequestDelegate Forwarded = _ => Task.CompletedTask;

    // A forward that completes later on another thread, like YARP's forwarder step behind a socket.
    private static readonly RequestDelegate ForwardedLater = async _ => await Task.Yield();

    private FulcrumLoadBalancingPolicy _policy = null!;
    private RequestRecorder _recorder = null!;
    private DefaultHttpContext _context = null!;
    private ClusterState _cluster = null!;
    private DestinationState[] _states = [];
    private ServiceProvider _services = null!;
    private RequestDelegate _pipeline = null!;

    [Params(PolicyKind.RoundRobin, PolicyKind.LeastRequests, PolicyKind.PeakEwma)]
    public PolicyKind Policy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var config = new ClusterConfig
        {
            Name = "web",
            Policy = Policy,
            Destinations = [.. Enumerable.Range(0, 3).Select(i => new DestinationConfig($"d{i}", new Uri($"http://127.0.0.1:{9001 + i}"), 1))],
        };
        var registry = new ClusterRegistry(TimeProvider.System);
        registry.Apply([config]);
        registry.TryGet("web", out var runtime);
        var monitor = new DistributionMonitor(FairnessConfig.Default, TimeProvider.System);
        runtime.Recorder = monitor.Track(runtime.Balancer);
        var metrics = new FulcrumMetrics();
        metrics.Bind(registry.All);
        _services = new ServiceCollection().AddLogging().AddMetrics().AddHttpForwarder().BuildServiceProvider();
        var meter = new FulcrumMeter(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), registry, monitor,
            new Lazy<Core.Alerting.AlertEngine>(() => throw new InvalidOperationException("no alerts in this benchmark")));
        _recorder = new RequestRecorder(registry, metrics, meter, Options.Create(new FulcrumOptions()));
        _policy = new FulcrumLoadBalancingPolicy(registry, FulcrumMetadata.Policies.First());
        _states = [.. runtime.Balancer.Backends.Select(b => new DestinationState(b.Name))];
        runtime.BindStates(_states);
        _cluster = new ClusterState("web");
        var model = new ClusterModel(new YarpClusterConfig { ClusterId = "web" }, new HttpMessageInvoker(new HttpClientHandler()));
        _context = new DefaultHttpContext();
        _context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature
        {
            Cluster = model,
            Route = null!,
            AllDestinations = _states,
            AvailableDestinations = [_states[1]],
        });
        _context.Response.StatusCode = 200;
        var step = new RetryStep(registry, _recorder, _services.GetRequiredService<Yarp.ReverseProxy.Forwarder.IHttpForwarder>(), metrics);
        var app = new ApplicationBuilder(_services);
        app.Use(step.InvokeAsync);   // the overload UseFulcrum binds to
        app.Run(ForwardedLater);
        _pipeline = app.Build();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public DestinationState? Pick() => _policy.PickDestination(_context, _cluster, _states);

    [Benchmark]
    public Task Record() => _recorder.InvokeAsync(_context, Forwarded);

    [Benchmark]
    public Task ForwardAlone() => ForwardedLater(_context);

    [Benchmark]
    public Task ThroughPipeline() => _pipeline(_context);
}
