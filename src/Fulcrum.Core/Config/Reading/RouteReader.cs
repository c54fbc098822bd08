using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>routes: [{ name, match: { path, hosts }, cluster }]</c>. Whether the cluster exists is checked by <see cref="CrossReferenceValidator"/>.</summary>
internal static class RouteReader
{
    private const string Example = "e.g. - { name: web, match: { path: \"/{**rest}\" }, cluster: web }";

    public static IReadOnlyList<RouteConfig> Read(ReadContext ctx, ConfigNode? node, ConfigNode root)
    {
        if (node is null)
        {
            ctx.Error(root, "routes", $"'routes' is required: a list of routes, {Example}");
            return [];
        }
        var items = ctx.List(node, "routes", $"routes, {Example}");
        if (node is ListNode && items.Count == 0)
        {
            ctx.Error(node, "routes", $"no routes; give at least one, {Example}");
        }
        if (items.Count > ctx.Limits.MaxRoutes)
        {
            ctx.Error(node, "routes", $"{items.Count} routes are more than the limit of {ctx.Limits.MaxRoutes} (ConfigLimits.MaxRoutes); split the config or raise the limit (docs/limits.md)");
            return [];
        }
        var routes = new List<RouteConfig>();
        var firstByName = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"routes[{i}]";
            if (ctx.Map(items[i], path, ConfigKeys.Route) is not { } map)
            {
                continue;
            }
            var name = ReadName(map, firstByName);
            var match = ReadMatch(map);
            var cluster = map.Required("cluster", "the name of a cluster defined under 'clusters'") is { } clusterNode
                ? Values.String(ctx, clusterNode, map.PathOf("cluster"), "a cluster name")
                : null;
            if (cluster is not null)
            {
                ctx.References.Add(new NameReference("clusters", cluster, ctx.Locations[map.PathOf("cluster")], map.PathOf("cluster"),
                    $"route {SafeText.Quote(name ?? path)} sends traffic to cluster {SafeText.Quote(cluster)}"));
            }
            if (name is not null && match is not null && cluster is not null)
            {
                routes.Add(new RouteConfig(name, match, cluster));
            }
        }
        return routes;
    }

    private static string? ReadName(MapReader map, Dictionary<string, ConfigNode> firstByName)
    {
        if (map.Required("name", $"a unique route name ({Names.Allowed})") is not { } node
            || Values.String(map.Context, node, map.PathOf("name"), "a route name") is not { } name)
        {
            return null;
        }
        if (Names.Problem(name, "route", map.Context.Limits.MaxNameLength) is { } problem)
        {
            map.Fail("name", problem);
            return null;
        }
        if (!firstByName.TryAdd(name, node))
        {
            map.Fail("name", $"duplicate route name {SafeText.Quote(name)} (first used at line {firstByName[name].Line}); route names must be unique");
            return null;
        }
        return name;
    }

    private static RouteMatch? ReadMatch(MapReader route)
    {
        if (route.Required("match", "a mapping with 'path' (and optional 'hosts'), e.g. match: { path: \"/{**rest}\" }") is null
            || route.Section("match", ConfigKeys.RouteMatch) is not { } match)
        {
            return null;
        }
        string? path = null;
        if (match.Required("path", "a route template starting with '/', e.g. \"/{**rest}\" or \"/api/{**rest}\"") is not null)
        {
            path = match.String("path", "a route template such as \"/{**rest}\"");
            if (path is not null && !path.StartsWith('/'))
            {
                match.Fail("path", $"{SafeText.Quote(path)} does not start with '/'; a route path is a template such as \"/{{**rest}}\" or \"/api/{{**rest}}\"");
                path = null;
            }
        }
        var hosts = new List<string>();
        if (match["hosts"] is { } hostsNode)
        {
            var items = route.Context.List(hostsNode, match.PathOf("hosts"), "host names, e.g. [shop.example, \"*.shop.example\"]");
            for (var i = 0; i < items.Count; i++)
            {
                if (Values.String(route.Context, items[i], $"{match.PathOf("hosts")}[{i}]", "a host name") is { } host)
                {
                    hosts.Add(host);
                }
            }
        }
        return path is null ? null : new RouteMatch(path, hosts);
    }
}
