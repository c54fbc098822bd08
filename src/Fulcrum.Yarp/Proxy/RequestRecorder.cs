using Fulcrum.Core.Balancing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Fulcrum.Proxy;

/// <summary>
/// The proxy-pipeline step that records what happened to each request: it runs after load balancing (so it also
/// sees requests YARP routed without asking the policy, with 0 or 1 destinations available), counts the request
/// in flight on its backend, and after forwarding reports status, transport failure and latency to the balancer
/// (passive ejection, peak EWMA) and to the observers (distribution monitor, metrics).
/// </summary>
internal sealed class RequestRecorder
{
    private readonly ClusterRegistry _registry;
    private readonly Metrics.FulcrumMetrics _metrics;
    private readonly Metrics.FulcrumMeter _meter;
    private readonly bool _monitoring;

    public RequestRecorder(ClusterRegistry registry, Metrics.FulcrumMetrics metrics, Metrics.FulcrumMeter meter, Microsoft.Extensions.Options.IOptions<FulcrumOptions> options)
    {
        _registry = registry;
        _metrics = metrics;
        _meter = meter;
        _monitoring = options.Value.Monitoring;
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.GetReverseProxyFeature();
        var destinations = feature.AvailableDestinations;
        if (destinations.Count != 1
            || !_registry.TryGet(feature.Cluster.Config.ClusterId, out var runtime)
            || !runtime.BackendsById.TryGetValue(destinations[0].DestinationId, out var backend))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var balancer = runtime.Balancer;
        var started = balancer.NowTicks();
        backend.RequestStarted();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            backend.RequestEnded();
            Complete(context, runtime, backend, started);
        }
    }

    private void Complete(HttpContext context, ClusterRuntime runtime, Backend backend, long started)
    {
        var now = runtime.Balancer.NowTicks();
        var latency = TimeSpan.FromTicks(now - started);
        var transportFailure = context.GetForwarderErrorFeature() is { Error: not ForwarderError.None };
        var status = context.Response.StatusCode;
        var failure = transportFailure || status >= 500;
        runtime.Balancer.RecordOutcome(backend, now, latency, failure);
        if (_monitoring)
        {
            // One counting path: the fairness window and the contract's metrics see the same outcome.
            runtime.Recorder?.Record(backend, status, transportFailure, latency);
            _metrics.Record(runtime, backend, status, transportFailure, latency);
            _meter.Record(runtime.Name, backend, status, transportFailure, latency);
        }
    }
}
