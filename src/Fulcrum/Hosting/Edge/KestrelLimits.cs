using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fulcrum.Hosting.Edge;

/// <summary>Maps <c>limits</c> onto Kestrel's own limits, so Kestrel answers 413/431/408 before anything is forwarded.</summary>
internal static class KestrelLimits
{
    /// <summary>Kestrel's grace period before the minimum body rate is enforced (its own default).</summary>
    public static readonly TimeSpan MinBodyRateGrace = TimeSpan.FromSeconds(5);

    public static void Apply(KestrelServerLimits limits, LimitsConfig config)
    {
        limits.MaxRequestBodySize = config.RequestBody;
        limits.MaxRequestHeadersTotalSize = config.RequestHeaders;
        limits.MaxRequestHeaderCount = config.HeadersCount;
        // Kestrel refuses to start when its read buffer is smaller than the largest header block it must hold.
        if (limits.MaxRequestBufferSize is { } buffer && buffer < config.RequestHeaders)
        {
            limits.MaxRequestBufferSize = config.RequestHeaders;
        }
        limits.KeepAliveTimeout = config.Idle;
        limits.RequestHeadersTimeout = config.RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = config.MinBodyRate == 0 ? null : new MinDataRate(config.MinBodyRate, MinBodyRateGrace);
        limits.MaxConcurrentConnections = config.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = config.MaxConnections;
    }
}
