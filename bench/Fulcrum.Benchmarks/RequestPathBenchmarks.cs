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
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using YarpDestinationConfig = Yarp.ReverseProxy.Configuration.DestinationConfig;
using YarpClusterConfig = Yarp.ReverseProxy.Configuration.ClusterConfig;

namespace Fulcrum.Benchmarks;

/// <summary>
/// What Fulcrum's own code does per proxied request, without YARP's forwarding: the pick through
/// <see cref="FulcrumLoadBalancingPolicy"/> (YARP's call into Fulcrum) and the recording (<see cref="RequestRecorder"/>,
/// the forwarder as <c>AddFulcrum()</c> wraps it: in flight, whose fault, the balancer's outcome, the fairness window,
/// the Prometheus children and the <c>Fulcrum</c> meter) around a forward that completes at once. Issue 13's goal is
/// 0 B per request here. <see cref="ThroughPipeline"/> is the proxy pipeline's tail as <c>UseFulcrum()</c> builds
/// it (<see cref="RetryStep"/>, then YARP's own forwarder step, which calls the recorder) around a forward that
/// really goes asynchronous, as behind a socket; <see cref="ForwardAlone"/> is YARP's forwarder step over that
/// forward by itself, so the difference of their Allocated columns is what Fulcrum adds per request.
/// Run: dotnet run -c Release --project bench/Fulcrum.Benchmarks -- --filter '*RequestPathBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private FulcrumLoadBalancingPolicy _policy = null!;
    private RequestRecorder _recorder = null!;
    private DefaultHttpContext _context = null!;
    private ClusterState _cluster = null!;
    private DestinationState[] _states = [];
    private readonly List<ServiceProvider> _services = [];
    private RequestDelegate _pipeline = null!;
    private RequestDelegate _forwardAlone = null!;
    private HttpMessageInvoker _client = null!;

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
        var plain = Services(ForwardedLater.Instance);
        var meter = new FulcrumMeter(plain.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), registry, monitor,
            new Lazy<Core.Alerting.AlertEngine>(() => throw new InvalidOperationException("no alerts in this benchmark")));
        _recorder = new RequestRecorder(ForwardedAtOnce.Instance, registry, metrics, meter, Options.Create(new FulcrumOptions())) { Enabled = true };
        _policy = new FulcrumLoadBalancingPolicy(registry, FulcrumMetadata.Policies.First());
        _states = [.. runtime.Balancer.Backends.Select(b =>
            new DestinationState(b.Name, new DestinationModel(new YarpDestinationConfig { Address = $"http://127.0.0.1:9001/{b.Name}" })))];
        runtime.BindStates(_states);
        _client = new HttpMessageInvoker(new HttpClientHandler());
        var model = new ClusterModel(new YarpClusterConfig { ClusterId = "web" }, _client);
        _cluster = new ClusterState("web", model);
        var route = new RouteModel(new Yarp.ReverseProxy.Configuration.RouteConfig { RouteId = "web", ClusterId = "web" }, _cluster, HttpTransformer.Default);
        _context = new DefaultHttpContext();
        _context.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(route), "web"));
        _context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature
        {
            Cluster = model,
            Route = route,
            AllDestinations = _states,
            AvailableDestinations = [_states[1]],
        });
        _context.Response.StatusCode = 200;
        _connections = [.. Enumerable.Range(0, Connections).Select(_ =>
        {
            var context = new DefaultHttpContext();
            context.SetEndpoint(_context.GetEndpoint());
            context.Features.Set(_context.Features.Get<IReverseProxyFeature>());
            context.Response.StatusCode = 200;
            return context;
        })];

        // YARP's pipeline tail as MapReverseProxy builds it: the app's steps, then YARP's own forwarder step.
        var forwarderStep = typeof(IHttpForwarder).Assembly.GetType("Yarp.ReverseProxy.Forwarder.ForwarderMiddleware", throwOnError: true)!;
        var fulcrum = Services(new RequestRecorder(ForwardedLater.Instance, registry, metrics, meter, Options.Create(new FulcrumOptions())) { Enabled = true });
        var step = new RetryStep(registry, fulcrum.GetRequiredService<IHttpForwarder>(), metrics);
        var app = new ApplicationBuilder(fulcrum);
        app.Use(step.InvokeAsync);   // the overload UseFulcrum binds to
        app.UseMiddleware(forwarderStep);
        _pipeline = app.Build();
        var alone = new ApplicationBuilder(plain);
        alone.UseMiddleware(forwarderStep);
        _forwardAlone = alone.Build();
    }

    private ServiceProvider Services(IHttpForwarder forwarder)
    {
        var services = new ServiceCollection().AddLogging().AddMetrics();
        services.AddReverseProxy();
        services.Replace(ServiceDescriptor.Singleton(forwarder));
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _services.ForEach(s => s.Dispose());
    }

    [Benchmark]
    public DestinationState? Pick() => _policy.PickDestination(_context, _cluster, _states);

    [Benchmark]
    public ValueTask<ForwarderError> Record() => _recorder.SendAsync(_context, "http://127.0.0.1:9002/", _client, ForwarderRequestConfig.Empty, HttpTransformer.Default);

    [Benchmark]
    public Task ForwardAlone() => _forwardAlone(_context);

    [Benchmark]
    public Task ThroughPipeline() => _pipeline(_context);

    private const int Connections = 64;
    private const int RequestsPerConnection = 16;
    private DefaultHttpContext[] _connections = [];

    /// <summary>
    /// 64 kept-alive connections, each sending its requests one after the other (as wrk -c64 does): the state
    /// machine pool is then shared by requests that start and end on any thread, not one after another on one.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Connections * RequestsPerConnection)]
    public Task ForwardAlone64Connections() => OverConnections(_forwardAlone);

    [Benchmark(OperationsPerInvoke = Connections * RequestsPerConnection)]
    public Task ThroughPipeline64Connections() => OverConnections(_pipeline);

    private Task OverConnections(RequestDelegate pipeline)
    {
        var connections = new Task[Connections];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = Connection(pipeline, _connections[i]);
        }
        return Task.WhenAll(connections);

        static async Task Connection(RequestDelegate pipeline, HttpContext context)
        {
            for (var i = 0; i < RequestsPerConnection; i++)
            {
                await pipeline(context).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A forward that completes at once.</summary>
    private sealed class ForwardedAtOnce : IHttpForwarder
    {
        public static readonly ForwardedAtOnce Instance = new();

        public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer) =>
            ValueTask.FromResult(ForwarderError.None);
    }

    /// <summary>
    /// A forward that completes later on another thread, like YARP's forwarder behind a socket (its SendAsync is an
    /// async ValueTask method too, so this allocates what YARP's own state machine does).
    /// </summary>
    private sealed class ForwardedLater : IHttpForwarder
    {
        public static readonly ForwardedLater Instance = new();

        public async ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
        {
            await Task.Yield();
            return ForwarderError.None;
        }
    }
}
