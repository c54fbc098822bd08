namespace Fulcrum.Core.Config.Reading;

/// <summary><c>destinations: { NAME: { address, weight, capacity } }</c>, in file order.</summary>
internal static class DestinationReader
{
    public static IReadOnlyList<DestinationConfig> Read(MapReader cluster)
    {
        var ctx = cluster.Context;
        var path = cluster.PathOf("destinations");
        var example = "e.g. destinations: { a: { address: http://127.0.0.1:9001, weight: 1 } }";
        if (cluster.Required("destinations", $"at least one destination, {example}") is not { } node)
        {
            return [];
        }
        var entries = ctx.NamedMap(node, path, "destination", ctx.Limits.MaxDestinationsPerCluster, "ConfigLimits.MaxDestinationsPerCluster");
        if (node is Yaml.MapNode { Entries.Count: 0 })
        {
            ctx.Error(node, path, $"the cluster has no destinations; give at least one, {example}");
        }
        var destinations = new List<DestinationConfig>();
        foreach (var entry in entries)
        {
            var name = entry.Key.Value;
            if (ctx.Map(entry.Value, $"{path}.{name}", ConfigKeys.Destination) is not { } map)
            {
                continue;
            }
            var address = map.Required("address", "an absolute http:// or https:// URL, e.g. http://10.0.0.5:8080") is not null
                ? map.Url("address", UrlUse.Target)
                : null;
            var weight = map.Int("weight", min: 0) ?? 1;
            var capacity = map.Number("capacity", "a number of requests per second > 0, e.g. 200");
            if (capacity <= 0)
            {
                map.Fail("capacity", $"{capacity} is not positive; capacity is the requests per second the backend can take, a number > 0 (omit it when unknown)");
                capacity = null;
            }
            if (address is not null)
            {
                destinations.Add(new DestinationConfig(name, address, weight, capacity));
            }
        }
        return destinations;
    }
}
