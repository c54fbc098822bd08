using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using YarpRoute = Yarp.ReverseProxy.Configuration.RouteConfig;

namespace Fulcrum.Tests.Library.RoundTrip;

/// <summary>
/// What a YARP route's transforms and metadata make the proxy do with forwarding headers, in <c>forwarded</c>'s terms.
/// YARP runs these transforms itself (Fulcrum never reads them back), so this reads them as YARP documents them:
/// the trip must leave every <c>forwarded</c> setting in them.
/// </summary>
internal static class ForwardedRouteReader
{
    public static ForwardedConfig Read(YarpRoute route)
    {
        var transforms = route.Transforms ?? [];
        string? Value(string key) => transforms.FirstOrDefault(t => t.ContainsKey(key))?[key];

        var xForwarded = Value("X-Forwarded");
        var rfc7239 = transforms.FirstOrDefault(t => t.ContainsKey("Forwarded"));
        // Append keeps what the client sent; Set (the default) replaces or removes it.
        var append = xForwarded == "Append" || rfc7239?.GetValueOrDefault("Action") == "Append"
            || (xForwarded is null && rfc7239 is null && Value("RequestHeaderRemove") is null);
        return new ForwardedConfig(
            append ? ForwardedMode.Append : ForwardedMode.Set,
            [],
            Value("RequestHeaderOriginalHost") == "true" ? ForwardedHost.Pass : ForwardedHost.Rewrite,
            XForwarded: xForwarded is "Set" or "Append",
            Rfc7239: rfc7239 is not null)
        {
            Path = route.Metadata?.GetValueOrDefault(FulcrumMetadata.Path) == global::Fulcrum.Proxy.Paths.RawTargetTransformProvider.Normalized
                ? ForwardedPath.Normalized
                : ForwardedPath.AsReceived,
        };
    }
}
