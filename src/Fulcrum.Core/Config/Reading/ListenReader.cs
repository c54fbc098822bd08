using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>listen: [http://127.0.0.1:8080]</c> — where the proxy accepts traffic. An entry is a plain URL or
/// <c>{ url, tls, http2, max-connections }</c>; plain strings stay valid so every older config still loads.
/// </summary>
internal static class ListenReader
{
    public static readonly IReadOnlyList<string> Default = ["http://127.0.0.1:8080"];

    public static IReadOnlyList<ListenerConfig> Read(ReadContext ctx, ConfigNode? node, string baseDirectory)
    {
        if (node is null)
        {
            return [.. Default.Select(url => new ListenerConfig(url))];
        }
        var items = ctx.List(node, "listen", "listen URLs, e.g. [http://127.0.0.1:8080]");
        if (node is ListNode && items.Count == 0)
        {
            ctx.Error(node, "listen", "the list is empty; give at least one URL, e.g. [http://127.0.0.1:8080], or omit 'listen' for that default");
        }
        var listeners = new List<ListenerConfig>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"listen[{i}]";
            if (items[i] is MapNode)
            {
                if (ReadEntry(ctx, items[i], path, baseDirectory) is { } listener)
                {
                    listeners.Add(listener);
                }
            }
            else if (Values.Url(ctx, items[i], path, UrlUse.Listen) is not null)
            {
                listeners.Add(new ListenerConfig(((ScalarNode)items[i]).Value));
            }
        }
        return listeners;
    }

    private static ListenerConfig? ReadEntry(ReadContext ctx, ConfigNode node, string path, string baseDirectory)
    {
        if (ctx.Map(node, path, ConfigKeys.Listener) is not { } map)
        {
            return null;
        }
        var http2 = map.Bool("http2") ?? false;
        var maxConnections = map.Int("max-connections", 1);
        if (map.Required("url", "the listen URL, e.g. https://0.0.0.0:8443") is null || map.Url("url", UrlUse.Listen) is null)
        {
            return null;
        }
        var url = map.String("url")!;
        var tls = map.Section("tls", ConfigKeys.ListenerTls) is { } section ? ListenerTlsReader.Read(section, baseDirectory) : null;
        var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (map["tls"] is not null && !https)
        {
            map.Fail("tls", $"'tls' is set on the plain listener {url}; use an https:// URL to terminate TLS here");
        }
        return new ListenerConfig(url, tls, http2, maxConnections);
    }
}
