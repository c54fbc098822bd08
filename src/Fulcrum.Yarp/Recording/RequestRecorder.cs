using Fulcrum.Core.Balancing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

using Fulcrum.Proxy;

namespace Fulcrum.Recording;

/// <summary>
/// The proxy-pipeline step that records what happened to each request: it runs after load balancing (so it also
/// sees requests YARP routed without asking the policy, with 0 or 1 destinations available), counts the request
/// in flight on its backend, and after forwarding reports status, transport failure and latency to the balancer
/// (passive ejection, peak EWMA) and to the observers (distribution monitor, metrics). Only outcomes that were
/// the backend's fault count against it (<see cref="FaultClassifier"/>, docs/whose-fault.md).
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

    public Task InvokeAsync(HttpContext context, Func<Task> next) => RecordAsync(context, next, null);

    /// <summary>Records one try that <paramref name="forward"/> sends to the single available destination (retries).</summary>
    public Task RecordTryAsync(HttpContext context, Func<HttpContext, Task> forward) => RecordAsync(context, null, forward);

    private async Task RecordAsync(HttpContext context, Func<Task>? next, Func<HttpContext, Task>? forward)
    {
        var feature = context.GetReverseProxyFeature();
        var destinations = feature.AvailableDestinations;
        if (destinations.Count != 1
            || !_registry.TryGet(feature.Cluster.Config.ClusterId, out var runtime)
            || !runtime.BackendsById.TryGetValue(destinations[0].DestinationId, out var backend))
        {
            await (next is not null ? next() : forward!(context)).ConfigureAwait(false);
            return;
        }

        RequestBodyWatch.Install(context);
        var balancer = runtime.Balancer;
        var started = balancer.NowTicks();
        backend.RequestStarted();
        try
        {
            await (next is not null ? next() : forward!(context)).ConfigureAwait(false);
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
        var fault = FaultClassifier.Classify(context);
        var status = context.Response.StatusCode;
        var transportFailure = false;
        var upgraded = status == StatusCodes.Status101SwitchingProtocols;
        if (upgraded)
        {
            // A WebSocket session is one request that succeeded, however it ended on the client's side. Its length
            // is not a response time, so it feeds neither peak EWMA nor the latency quantiles.
            latency = TimeSpan.Zero;
            if (fault == Fault.Backend)
            {
                runtime.Balancer.RecordOutcome(backend, now, latency, failure: true);
                transportFailure = true;
            }
        }
        else if (fault == Fault.Backend)
        {
            transportFailure = context.GetForwarderErrorFeature() is { Error: not ForwarderError.None };
            runtime.Balancer.RecordOutcome(backend, now, latency, failure: true);
        }
        else if (fault == Fault.None)
        {
            runtime.Balancer.RecordOutcome(backend, now, latency, failure: false);
        }
        else
        {
            // Client and proxy outcomes say nothing about the destination: no ejection, no EWMA, no error. They stay
            // requests it served (shares count load), recorded as the proxy's own 4xx or nginx's 499.
            status = fault == Fault.Proxy && status is >= 400 and < 500 ? status : Faults.ClientClosedRequest;
        }
        if (_monitoring)
        {
            // One counting path: the fairness window and the contract's metrics see the same outcome.
            runtime.Recorder?.Record(backend, status, transportFailure, latency);
            _metrics.Record(runtime, backend, status, transportFailure, latency, fault);
            _meter.Record(runtime.Name, backend, status, transportFailure, latency);
        }
    }
}
