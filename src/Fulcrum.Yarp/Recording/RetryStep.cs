using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Retries;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

using Fulcrum.Proxy;

namespace Fulcrum.Recording;

/// <summary>
/// The proxy-pipeline step that, for clusters with <c>retries</c>, forwards and retries: each try goes through
/// <see cref="RequestRecorder"/> (the forwarder, so it is a request on its destination, with its own outcome), a failed try is
/// sent again on a destination not tried yet (<see cref="RetryPick"/>) when <see cref="RetryRules"/> allow it and
/// the budget has a retry left. Clusters without retries take the plain path: YARP's forwarder step, which forwards
/// through the recorder.
/// A try answered with a retried status (<c>retry-on: [5xx]</c>) is caught by <see cref="TriesOfOneRequest"/> as
/// YARP's response transform, before any of it is copied to the client: if a retry is possible its body is
/// dropped and the next try goes out; if not (last attempt, budget spent, nothing left to try) it is copied as is,
/// so the client gets the last attempt's answer. Clusters that retry only unanswered tries allocate nothing on the
/// first try beyond what YARP does.
/// </summary>
internal sealed class RetryStep
{
    private readonly ClusterRegistry _registry;
    private readonly IHttpForwarder _forwarder;
    private readonly Metrics.FulcrumMetrics _metrics;
    private readonly RequestDelegate _forwardOnce;

    // The forwarder is the app's as AddFulcrum() wrapped it (RequestRecorder): each try is recorded.
    public RetryStep(ClusterRegistry registry, IHttpForwarder forwarder, Metrics.FulcrumMetrics metrics)
    {
        _registry = registry;
        _forwarder = forwarder;
        _metrics = metrics;
        _forwardOnce = context => ForwardOnceAsync(context, context.GetReverseProxyFeature().Route.Transformer);
    }

    /// <summary>
    /// The pipeline step. Not async for clusters without retries (almost every request): it hands the request on
    /// without a state machine of its own.
    /// </summary>
    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var feature = context.GetReverseProxyFeature();
        return feature.AvailableDestinations.Count != 1
            || !_registry.TryGet(feature.Cluster.Config.ClusterId, out var runtime)
            || runtime.Retries is not { } retries
            ? next(context)
            : ForwardWithRetriesAsync(context, feature, runtime, retries);
    }

    private async Task ForwardWithRetriesAsync(HttpContext context, IReverseProxyFeature feature, ClusterRuntime runtime, RetryState retries)
    {
        retries.Budget.RecordRequest();
        var tries = (retries.Config.On & RetryOn.AnyStatus) != 0
            ? new TriesOfOneRequest(this, runtime, retries, feature.Route.Transformer)
            : null;
        var forward = tries is null ? _forwardOnce : tries.ForwardAsync;
        while (true)
        {
            tries?.Sending(feature.AvailableDestinations[0].DestinationId);
            await forward(context).ConfigureAwait(false);

            DestinationState? retryOn;
            if (tries?.TakePlanned() is { } planned)
            {
                retryOn = planned;
            }
            else
            {
                if (!RetryRules.MayRetry(context, retries.Config))
                {
                    return;
                }
                if (tries is null)
                {
                    tries = new TriesOfOneRequest(this, runtime, retries, feature.Route.Transformer);
                    tries.Sending(feature.AvailableDestinations[0].DestinationId);
                }
                if (tries.Plan() is not { } destination)
                {
                    return;
                }
                retryOn = destination;
            }
            // The failed try left a 502/504 and its error, or the destination's 5xx status and headers; nothing
            // reached the client (the rules checked), so clear them.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            feature.AvailableDestinations = retryOn;
        }
    }

    /// <summary>
    /// The destination of the next try, with a retry taken from the budget; null when every eligible destination
    /// was tried or the budget is spent (counted).
    /// </summary>
    private DestinationState? PlanRetry(ClusterRuntime runtime, RetryState retries, ReadOnlySpan<Backend?> tried)
    {
        var balancer = runtime.Balancer;
        if (RetryPick.Choose(balancer, new PickContext(balancer.NowTicks()), tried) is not { } backend
            || runtime.StateOf(backend) is not { } destination)
        {
            return null;
        }
        if (!retries.Budget.TryAcquire())
        {
            _metrics.CountRetryBudgetExhausted(runtime.Name);
            return null;
        }
        _metrics.CountRetry(runtime.Name);
        return destination;
    }

    /// <summary>What YARP's own forwarder step does, with the per-try timeout as the activity timeout.</summary>
    private async Task ForwardOnceAsync(HttpContext context, HttpTransformer transformer)
    {
        var feature = context.GetReverseProxyFeature();
        var destination = feature.AvailableDestinations[0];
        feature.ProxiedDestination = destination;
        var cluster = feature.Cluster;
        var retries = _registry.TryGet(cluster.Config.ClusterId, out var runtime) ? runtime.Retries : null;
        var config = retries?.RequestConfig(cluster.Config.HttpRequest) ?? cluster.Config.HttpRequest ?? ForwarderRequestConfig.Empty;
        await _forwarder.SendAsync(context, destination.Model.Config.Address, cluster.HttpClient, config, transformer)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The tries of one request: the destinations tried so far, and — as the route's transformer wrapped — the
    /// decision to retry an answered 5xx before YARP copies its body to the client.
    /// </summary>
    private sealed class TriesOfOneRequest : HttpTransformer
    {
        private readonly RetryStep _step;
        private readonly ClusterRuntime _runtime;
        private readonly RetryState _retries;
        private readonly HttpTransformer _route;
        private readonly Backend?[] _tried;
        private int _sent;
        private DestinationState? _planned;

        public TriesOfOneRequest(RetryStep step, ClusterRuntime runtime, RetryState retries, HttpTransformer route)
        {
            _step = step;
            _runtime = runtime;
            _retries = retries;
            _route = route;
            _tried = new Backend?[retries.Config.Attempts + 1];
            ForwardAsync = context => step.ForwardOnceAsync(context, this);
        }

        public RequestDelegate ForwardAsync { get; }

        public void Sending(string destinationId) => _tried[_sent++] = _runtime.BackendsById.GetValueOrDefault(destinationId);

        /// <summary>The next try's destination, when attempts are left; see <see cref="PlanRetry"/>.</summary>
        public DestinationState? Plan() =>
            _sent <= _retries.Config.Attempts ? _step.PlanRetry(_runtime, _retries, _tried.AsSpan(0, _sent)) : null;

        /// <summary>The destination planned when the last try's answer was dropped for a retry; cleared.</summary>
        public DestinationState? TakePlanned()
        {
            var planned = _planned;
            _planned = null;
            return planned;
        }

        public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken) =>
            _route.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            var copy = await _route.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            if (copy && proxyResponse is not null
                && RetryRules.MayRetryStatus(httpContext, (int)proxyResponse.StatusCode, _retries.Config)
                && Plan() is { } next)
            {
                // Dropped: the status and headers stay in the (unsent) response for the recorder, then are cleared.
                _planned = next;
                return false;
            }
            return copy;
        }

        public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) =>
            _route.TransformResponseTrailersAsync(httpContext, proxyResponse, cancellationToken);
    }
}
