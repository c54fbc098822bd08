using Fulcrum.Core.Balancing;
using System.Diagnostics.CodeAnalysis;
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

    /// <summary>
    /// Records one request (or, for clusters with retries, one try) that <paramref name="next"/> forwards to the
    /// single available destination. Not an async method: a request that is not recorded (0 or several
    /// destinations left, unknown cluster) or whose forward completes at once costs no state machine, and
    /// <paramref name="next"/> is the pipeline's own delegate, so nothing is allocated to call it.
    /// </summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!TryStart(context, out var runtime, out var backend, out var started))
        {
            return next(context);
        }
        Task forwarding;
        try
        {
            forwarding = next(context);
        }
        catch
        {
            End(context, runtime, backend, started);
            throw;
        }
        if (forwarding.IsCompleted)
        {
            End(context, runtime, backend, started);
            return forwarding;
        }
        return EndWhenForwardedAsync(forwarding, context, runtime, backend, started);
    }

    /// <summary>Counts the request in flight on its backend, when it has exactly one and Fulcrum knows it.</summary>
    private bool TryStart(HttpContext context, [NotNullWhen(true)] out ClusterRuntime? runtime, [NotNullWhen(true)] out Backend? backend, out long started)
    {
        var feature = context.GetReverseProxyFeature();
        var destinations = feature.AvailableDestinations;
        if (destinations.Count != 1
            || !_registry.TryGet(feature.Cluster.Config.ClusterId, out runtime)
            || !runtime.BackendsById.TryGetValue(destinations[0].DestinationId, out backend))
        {
            runtime = null;
            backend = null;
            started = 0;
            return false;
        }

        RequestBodyWatch.Install(context);
        started = runtime.Balancer.NowTicks();
        backend.RequestStarted();
        return true;
    }

    /// <summary>
    /// The one allocation per request left in Fulcrum's pipeline, when the forward really goes asynchronous
    /// (always, behind a socket): a middleware has to hand back a Task that completes after the recording.
    /// </summary>
    private async Task EndWhenForwardedAsync(Task forwarding, HttpContext context, ClusterRuntime runtime, Backend backend, long started)
    {
        try
        {
            await forwarding.ConfigureAwait(false);
        }
        finally
        {
            End(context, runtime, backend, started);
        }
    }

    private void End(HttpContext context, ClusterRuntime runtime, Backend backend, long started)
    {
        backend.RequestEnded();
        Complete(context, runtime, backend, started);
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
