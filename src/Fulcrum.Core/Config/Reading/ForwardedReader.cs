using System.Net;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>forwarded: { mode, trusted-proxies, host, headers, path }</c>.</summary>
internal static class ForwardedReader
{
    public static readonly string[] Modes = ["set", "append"];
    public static readonly string[] HostModes = ["rewrite", "pass"];
    public static readonly string[] HeaderNames = ["x-forwarded", "forwarded"];
    public static readonly string[] PathModes = ["as-received", "normalized"];

    public static ForwardedConfig Read(ReadContext ctx, ConfigNode? node)
    {
        var d = ForwardedConfig.Default;
        if (node is null || ctx.Map(node, "forwarded", ConfigKeys.Forwarded) is not { } map)
        {
            return d;
        }
        var mode = map.Choice("mode", Modes) is { } m ? (m == "append" ? ForwardedMode.Append : ForwardedMode.Set) : d.Mode;
        var host = map.Choice("host", HostModes) is { } h ? (h == "pass" ? ForwardedHost.Pass : ForwardedHost.Rewrite) : d.Host;
        var (xForwarded, rfc7239) = ReadHeaders(map) ?? (d.XForwarded, d.Rfc7239);
        var path = map.Choice("path", PathModes) is { } p ? (p == "normalized" ? ForwardedPath.Normalized : ForwardedPath.AsReceived) : d.Path;
        return new ForwardedConfig(mode, ReadProxies(map), host, xForwarded, rfc7239) { Path = path };
    }

    private static IReadOnlyList<IPNetwork> ReadProxies(MapReader map)
    {
        var networks = new List<IPNetwork>();
        if (map["trusted-proxies"] is not { } node)
        {
            return networks;
        }
        var items = map.Context.List(node, map.PathOf("trusted-proxies"), "addresses or CIDR ranges, e.g. [10.0.0.0/8, 192.0.2.7]");
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{map.PathOf("trusted-proxies")}[{i}]";
            if (Values.String(map.Context, items[i], path, "an address or CIDR range") is not { } text)
            {
                continue;
            }
            // 10.0.0.1/8 parses, but it is a typo for 10.0.0.0/8 or 10.0.0.1/32: the range must start at its address.
            if (IPNetwork.TryParse(text, out var network) && IPAddress.TryParse(text.Split('/')[0], out var start) && start.Equals(network.BaseAddress))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                map.Context.Error(items[i], path, $"'{text}' is not an IP address or CIDR range (with the host bits zero); expected e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8");
            }
        }
        return networks;
    }

    private static (bool XForwarded, bool Rfc7239)? ReadHeaders(MapReader map)
    {
        if (map["headers"] is not { } node)
        {
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = map.Context.List(node, map.PathOf("headers"), "x-forwarded, forwarded or both");
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{map.PathOf("headers")}[{i}]";
            if (Values.String(map.Context, items[i], path, "x-forwarded or forwarded") is not { } text)
            {
                continue;
            }
            if (!HeaderNames.Contains(text))
            {
                map.Context.Error(items[i], path, $"'{text}' is not allowed; allowed: {string.Join(", ", HeaderNames)}");
                continue;
            }
            names.Add(text);
        }
        return (names.Contains("x-forwarded"), names.Contains("forwarded"));
    }
}
