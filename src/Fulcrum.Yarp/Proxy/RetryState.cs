using Fulcrum.Core.Config;
using Fulcrum.Core.Retries;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Proxy;

/// <summary>A retrying cluster's settings, its budget, and the forwarder config of each try (per-try timeout).</summary>
internal sealed class RetryState(RetryConfig config, TimeProvider time)
{
    private Derived? _derived;

    public RetryConfig Config { get; } = config;

    public RetryBudget Budget { get; } = new(config.Budget, time);

    /// <summary>
    /// The cluster's own request config with the per-try timeout as YARP's activity timeout; computed once per
    /// YARP cluster config (one reference swap), so the request path does not allocate.
    /// </summary>
    public ForwarderRequestConfig RequestConfig(ForwarderRequestConfig? cluster)
    {
        var derived = Volatile.Read(ref _derived);
        if (derived is null || !ReferenceEquals(derived.Source, cluster))
        {
            var basis = cluster ?? ForwarderRequestConfig.Empty;
            derived = new Derived(cluster, Config.PerTryTimeout is { } perTry ? basis with { ActivityTimeout = perTry } : basis);
            Volatile.Write(ref _derived, derived);
        }
        return derived.Config;
    }

    private sealed record Derived(ForwarderRequestConfig? Source, ForwarderRequestConfig Config);
}
