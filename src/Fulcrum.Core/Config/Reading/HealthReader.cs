using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>health: { active: { path, interval, timeout, unhealthy-after, healthy-after },
/// passive: { consecutive-failures, ejection, max-ejected-percent } }</c>.
/// Defaults (when a block is present but a key is not): interval 5s, timeout 2s, unhealthy-after 3,
/// healthy-after 2; consecutive-failures 5, ejection 30s, max-ejected-percent 50.
/// </summary>
internal static class HealthReader
{
    public static HealthConfig Read(MapReader cluster)
    {
        if (cluster.Section("health", ConfigKeys.Health) is not { } map)
        {
            return HealthConfig.None;
        }
        return new HealthConfig(ReadActive(map), ReadPassive(map));
    }

    private static ActiveHealthConfig? ReadActive(MapReader health)
    {
        if (health.Section("active", ConfigKeys.ActiveHealth) is not { } map)
        {
            return null;
        }
        var path = "/health";
        if (map.Required("path", "the path probed on each destination, e.g. /health") is not null
            && map.String("path", "a path such as /health") is { } text)
        {
            if (text.StartsWith('/'))
            {
                path = text;
            }
            else
            {
                map.Fail("path", $"{SafeText.Quote(text)} does not start with '/'; give the probe path, e.g. /health");
            }
        }
        var interval = map.Duration("interval");
        var timeout = map.Duration("timeout");
        var bothUsable = (interval is not null || map["interval"] is null) && (timeout is not null || map["timeout"] is null);
        interval ??= TimeSpan.FromSeconds(5);
        timeout ??= TimeSpan.FromSeconds(2);
        if (bothUsable && timeout >= interval)
        {
            // A probe that may outlast the interval overlaps the next one and can never report in time.
            map.Fail(map["timeout"] is null ? "interval" : "timeout",
                $"timeout {Duration.Format(timeout.Value)}{(map["timeout"] is null ? " (the default)" : "")} is not shorter than interval {Duration.Format(interval.Value)}; a probe must time out before the next one starts");
        }
        return new ActiveHealthConfig(
            path,
            interval.Value,
            timeout.Value,
            map.Int("unhealthy-after", min: 1) ?? 3,
            map.Int("healthy-after", min: 1) ?? 2);
    }

    private static PassiveHealthConfig? ReadPassive(MapReader health)
    {
        if (health.Section("passive", ConfigKeys.PassiveHealth) is not { } map)
        {
            return null;
        }
        return new PassiveHealthConfig(
            map.Int("consecutive-failures", min: 1) ?? 5,
            map.Duration("ejection") ?? TimeSpan.FromSeconds(30),
            map.Int("max-ejected-percent", min: 0, max: 100) ?? 50);
    }
}
