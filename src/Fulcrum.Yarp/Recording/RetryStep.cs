using Fulcrum.Core.Balancing;
using Fulcrum.Core.Retries;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

using Fulcrum.Proxy;

namespace Fulcrum.Recording;

/// <summary>
/// The proxy-pipeline step that forwards and, for clusters with <c>retries</c>, retries: each try goes through
/// <see cref="RequestRecorder"/> (so it is a request on its destination, with its own outcome), a failed try is
/// sent again on a destination not tried yet (<see cref="RetryPick"/>) when <see cref="RetryRules"/> allow it and
/// the budget has a retry left. Clusters without retries take the plain path: recorder, then YARP's forwarder.
/// The first try allocates nothing beyond what YARP does; the list of tried destinations exists only on failure.
/// </summary>
internal sealed class RetryStep
{
    private readonly ClusterRegistry _registry;
    private readonly RequestRecorder _recorder;
    private readonly IHttpForwarder _forwarder;
    private readonly Metrics.FulcrumMetrics _metrics;
    private readonly Func<HttpContext, Task> _forwardOnce;

    public RetryStep(ClusterRegistry registry, RequestRecorder recorder, IHttpForwarder forwarder, Metrics.FulcrumMetrics metrics)
    {
        _registry = registry;
        _recorder = recorder;
        _forwarder = forwarder;
        _metrics = metrics;
        _forwardOnce = ForwardOnceAsync;
    }

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var feature = context.GetReverseProxyFeature();
        if (feature.AvailableDestinations.Count != 1
            || !_registry.TryGet(feature.Cluster.Config.ClusterId, out var runtime)
            || runtime.Retries is not { } retries)
        {
            await _recorder.InvokeAsync(context, next).ConfigureAwait(false);
            return;
        }
        retries.Budget.RecordRequest();
        await _recorder.RecordTryAsync(context, _forwardOnce).ConfigureAwait(false);

        Backend?[]? tried = null;
        for (var attempt = 1; attempt <= retries.Config.Attempts && RetryRules.MayRetry(context, retries.Config.Methods); attempt++)
        {
            tried ??= new Backend?[retries.Config.Attempts + 1];
            tried[attempt - 1] = runtime.BackendsById.GetValueOrDefault(feature.AvailableDestinations[0].DestinationId);
            var balancer = runtime.Balancer;
            if (RetryPick.Choose(balancer, new PickContext(balancer.NowTicks()), tried.AsSpan(0, attempt)) is not { } backend
                || runtime.StateOf(backend) is not { } destination)
            {
                return;
            }
            if (!retries.Budget.TryAcquire())
            {
                _metrics.CountRetryBudgetExhausted(runtime.Name);
                return;
            }
            _metrics.CountRetry(runtime.Name);
            // The failed try left a 502/504 and its error; nothing reached the client (MayRetry checked), so clear them.
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            feature.AvailableDestinations = destination;
            await _recorder.RecordTryAsync(context, _forwardOnce).ConfigureAwait(false);
        }
    }

    /// <summary>What YARP's own forwarder step does, with the per-try timeout as the activity timeout.</summary>
    private async Task ForwardOnceAsync(HttpContext context)
    {
        var feature = context.GetReverseProxyFeature();
        var destination = feature.AvailableDestinations[0];
        feature.ProxiedDestination = destination;
        var cluster = feature.Cluster;
        var retries = _registry.TryGet(cluster.Config.ClusterId, out var runtime) ? runtime.Retries : null;
        var config = retries?.RequestConfig(cluster.Config.HttpRequest) ?? cluster.Config.HttpRequest ?? ForwarderRequestConfig.Empty;
        await _forwarder.SendAsync(context, destination.Model.Config.Address, cluster.HttpClient, config, feature.Route.Transformer)
            .ConfigureAwait(false);
    }
}
