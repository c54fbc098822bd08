using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>limits: { request-body, request-headers, headers-count, idle, request-headers-timeout, min-body-rate, max-connections }</c>.</summary>
internal static class LimitsReader
{
    public static LimitsConfig Read(ReadContext ctx, ConfigNode? node)
    {
        var d = LimitsConfig.Default;
        if (node is null || ctx.Map(node, "limits", ConfigKeys.Limits) is not { } map)
        {
            return d;
        }
        return new LimitsConfig(
            RequestBody: map.Size("request-body", min: 1) ?? d.RequestBody,
            // Below 1KB not even a modest browser request fits.
            RequestHeaders: (int)Math.Min(int.MaxValue, map.Size("request-headers", min: 1024) ?? d.RequestHeaders),
            HeadersCount: map.Int("headers-count", 1) ?? d.HeadersCount,
            Idle: map.Duration("idle") ?? d.Idle,
            RequestHeadersTimeout: map.Duration("request-headers-timeout") ?? d.RequestHeadersTimeout,
            MinBodyRate: ReadRate(map) ?? d.MinBodyRate,
            MaxConnections: map.Int("max-connections", 1));
    }

    /// <summary><c>240B/s</c>: a size per second; <c>0</c> turns the check off (uploads from very slow clients).</summary>
    private static long? ReadRate(MapReader map)
    {
        const string allowed = "a size per second such as 240B/s or 1KB/s, or 0 for no minimum";
        if (map.String("min-body-rate", allowed) is not { } text)
        {
            return null;
        }
        if (text == "0")
        {
            return 0;
        }
        if (!text.EndsWith("/s", StringComparison.Ordinal) || !ByteSize.TryParse(text[..^2], out var bytes, out _))
        {
            map.Fail("min-body-rate", $"'{text}' is not a rate; expected {allowed}");
            return null;
        }
        return bytes;
    }
}
