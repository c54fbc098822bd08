using Fulcrum.Core.Balancing;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

using Fulcrum.Proxy;

namespace Fulcrum.Recording;

/// <summary>
/// Records what happened to each forwarded request, as YARP's forwarder seen from the outside: it wraps the app's
/// <see cref="IHttpForwarder"/> (registered by <c>AddFulcrum()</c>), so the request's end is the end of the forward
/// itself, before YARP's forwarder step (or <see cref="RetryStep"/>, for each try) goes on. It counts the request in
/// flight on its backend and after forwarding reports status, transport failure and latency to the balancer (passive
/// ejection, peak EWMA) and to the observers (distribution monitor, metrics). Only outcomes that were the backend's
/// fault count against it (<see cref="FaultClassifier"/>, docs/whose-fault.md). It sees requests YARP routed without
/// asking the policy too, with one destination available; <c>UseFulcrum()</c> turns it on, and contexts without a
/// proxy feature (direct forwarding through <see cref="IHttpForwarder"/>) pass through.
/// </summary>
/// <remarks>
/// Why here and not as a pipeline step around <c>next</c>: a step must hand back a <see cref="Task"/> that completes
/// after the recording, and a Task cannot be pooled (152 B per request, bench/RESULTS.md). Handing back the
/// forward's own Task with the recording as a continuation is not safe: when that Task completes, only its first
/// continuation runs inline and the caller's await is queued to the thread pool first, so the request could finish
/// and Kestrel reset the <see cref="HttpContext"/> while the recording still reads it. The forwarder returns a
/// <see cref="ValueTask{TResult}"/>, which can come from a pooled object (<see cref="PendingRecording"/>), and whoever
/// awaits it continues only after the recording.
/// </remarks>
internal sealed class RequestRecorder : IHttpForwarder
{
    private readonly IHttpForwarder _inner;
    private readonly ClusterRegistry _registry;
    private readonly Metrics.FulcrumMetrics _metrics;
    private readonly Metrics.FulcrumMeter _meter;
    private readonly bool _monitoring;
    private readonly PendingRecordingPool _pending = new();

    public RequestRecorder(IHttpForwarder inner, ClusterRegistry registry, Metrics.FulcrumMetrics metrics, Metrics.FulcrumMeter meter, Microsoft.Extensions.Options.IOptions<FulcrumOptions> options)
    {
        _inner = inner;
        _registry = registry;
        _metrics = metrics;
        _meter = meter;
        _monitoring = options.Value.Monitoring;
    }

    /// <summary>Set by <c>UseFulcrum()</c> when it builds a proxy pipeline: an app that does not call it records nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Forwards one request (or, for clusters with retries, one try) and records it when it goes to the single
    /// available destination of a cluster Fulcrum knows. Not an async method: a request that is not recorded, or
    /// whose forward completes at once, costs no state machine.
    /// </summary>
    public ValueTask<ForwarderError> SendAsync(HttpContext context, string destinationPrefix, HttpMessageInvoker httpClient, ForwarderRequestConfig requestConfig, HttpTransformer transformer)
    {
        if (!TryStart(context, out var runtime, out var backend, out var started))
        {
            return _inner.SendAsync(context, destinationPrefix, httpClient, requestConfig, transformer);
        }
        var recording = new Started(context, runtime, backend, started);
        ValueTask<ForwarderError> forwarding;
        try
        {
            forwarding = _inner.SendAsync(context, destinationPrefix, httpClient, requestConfig, transformer);
        }
        catch
        {
            End(recording);
            throw;
        }
        if (forwarding.IsCompleted)
        {
            End(recording);
            return forwarding;
        }
        // The forward goes asynchronous (always, behind a socket): a pooled waiter records it when it ends, before
        // whoever awaits the result goes on (YARP's forwarder step or RetryStep, each awaiting it once, as a
        // ValueTask requires), and goes back to the pool when that awaiter has the result.
        return _pending.Rent().Watch(forwarding, this, recording);
    }

    /// <summary>Counts the request in flight on its backend, when it has exactly one and Fulcrum knows it.</summary>
    private bool TryStart(HttpContext context, [NotNullWhen(true)] out ClusterRuntime? runtime, [NotNullWhen(true)] out Backend? backend, out long started)
    {
        var feature = Enabled ? context.Features.Get<IReverseProxyFeature>() : null;
        var destinations = feature?.AvailableDestinations;
        if (destinations is not { Count: 1 }
            || !_registry.TryGet(feature!.Cluster.Config.ClusterId, out runtime)
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

    /// <summary>What <see cref="End"/> needs of a request counted in flight.</summary>
    internal readonly record struct Started(HttpContext Context, ClusterRuntime Runtime, Backend Backend, long Ticks);

    /// <summary>Ends the request on its backend and records its outcome.</summary>
    internal void End(in Started started)
    {
        started.Backend.RequestEnded();
        Complete(started.Context, started.Runtime, started.Backend, started.Ticks);
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
