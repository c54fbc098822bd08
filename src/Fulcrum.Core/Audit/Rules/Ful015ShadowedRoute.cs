using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit.Rules;

/// <summary>
/// FUL015: a route listed after a catch-all route (path <c>/{**x}</c>) for the same or all hosts, or after a route
/// with the very same path and hosts. The earlier route already matches every request the later one would.
/// </summary>
internal sealed class Ful015ShadowedRoute : AuditRule
{
    public override string Id => "FUL015";
    public override string Name => "RouteShadowedByEarlierRoute";
    public override AuditSeverity Severity => AuditSeverity.Warning;
    public override string Title => "Route listed after a catch-all (or identical) route that already matches its requests";
    public override string Description =>
        "Routes match in file order: the first route that matches a request takes it. A route placed after one " +
        "whose path is a catch-all (/{**rest}) for the same hosts or for any host — or after a route with the same " +
        "path and hosts — is never reached, and its cluster gets no traffic while the earlier route's cluster takes " +
        "its load. Move specific routes above the catch-all, give the catch-all hosts, or delete the duplicate.";

    public override IEnumerable<AuditFinding> Check(AuditContext context)
    {
        // Linear, not pairwise: only an earlier catch-all or an earlier route of the same shape can shadow a route,
        // so earlier routes are indexed by those two keys and each route checks only its few candidates (a 10,000-route
        // file made the pairwise scan take seconds). The first shadowing route in file order is the one reported.
        var routes = context.Config.Routes;
        var index = new ShadowIndex();
        for (var later = 0; later < routes.Count; later++)
        {
            var match = routes[later].Match;
            var shape = Shape(match.Path);
            var first = index.FirstShadowing(routes, match, shape);
            if (first is { } earlier)
            {
                var shadowing = routes[earlier];
                var hosts = shadowing.Match.Hosts.Count == 0 ? "any host" : string.Join(", ", shadowing.Match.Hosts);
                yield return Finding(
                    context,
                    SettingKeys.Route(later, "match.path"),
                    $"route '{routes[later].Name}' (path {routes[later].Match.Path}) comes after route '{shadowing.Name}', whose path " +
                    $"{shadowing.Match.Path} for {hosts} already matches all its requests: routes match in file order, so cluster '{routes[later].Cluster}' never sees them",
                    routes[later].Cluster);
            }
            index.Add(later, match, shape, IsCatchAll(match.Path));
        }
    }

    /// <summary>
    /// Earlier routes by what lets them shadow: catch-alls (by host, or the first one for any host) and exact shapes
    /// (by shape and host). A route with hosts is covered only by an earlier one listing its first host, so that host
    /// narrows the candidates; each candidate is then checked in full.
    /// </summary>
    private sealed class ShadowIndex
    {
        private readonly Dictionary<string, List<int>> _catchAllByHost = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> _shapeByHost = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, int> _firstAnyHostShape = new(StringComparer.OrdinalIgnoreCase);
        private int? _firstAnyHostCatchAll;

        public int? FirstShadowing(IReadOnlyList<RouteConfig> routes, RouteMatch later, string shape)
        {
            int? best = _firstAnyHostCatchAll;
            if (_firstAnyHostShape.TryGetValue(shape, out var sameShape))
            {
                best = Min(best, sameShape);
            }
            if (later.Hosts.Count > 0)
            {
                var host = later.Hosts[0];
                best = Min(best, FirstCovering(routes, later, _catchAllByHost.GetValueOrDefault(host)));
                best = Min(best, FirstCovering(routes, later, _shapeByHost.GetValueOrDefault(ShapeHostKey(shape, host))));
            }
            return best;
        }

        public void Add(int position, RouteMatch match, string shape, bool catchAll)
        {
            if (match.Hosts.Count == 0)
            {
                _firstAnyHostCatchAll ??= catchAll ? position : null;
                _firstAnyHostShape.TryAdd(shape, position);
                return;
            }
            foreach (var host in match.Hosts.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (catchAll)
                {
                    Append(_catchAllByHost, host, position);
                }
                Append(_shapeByHost, ShapeHostKey(shape, host), position);
            }
        }

        private static int? FirstCovering(IReadOnlyList<RouteConfig> routes, RouteMatch later, List<int>? candidates)
        {
            foreach (var earlier in candidates ?? [])
            {
                if (later.Hosts.All(h => routes[earlier].Match.Hosts.Contains(h, StringComparer.OrdinalIgnoreCase)))
                {
                    return earlier; // candidates are in file order
                }
            }
            return null;
        }

        private static void Append(Dictionary<string, List<int>> index, string key, int position)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }
            list.Add(position);
        }

        private static string ShapeHostKey(string shape, string host) => $"{shape}\n{host}";

        private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    }

    /// <summary>"/{**rest}", "/{*rest}" or "{**rest}": a path that is nothing but one catch-all parameter.</summary>
    private static bool IsCatchAll(string path)
    {
        var trimmed = path.TrimStart('/');
        return trimmed.StartsWith("{*", StringComparison.Ordinal) && trimmed.EndsWith('}') && trimmed.IndexOf('}') == trimmed.Length - 1;
    }

    /// <summary>The template with parameter names blanked, so /a/{id} and /a/{key} compare equal.</summary>
    private static string Shape(string path)
    {
        var shape = new System.Text.StringBuilder(path.Length);
        var inParameter = false;
        foreach (var c in path)
        {
            if (c == '{')
            {
                inParameter = true;
                shape.Append('{');
            }
            else if (c == '}')
            {
                inParameter = false;
                shape.Append('}');
            }
            else if (!inParameter || c == '*')
            {
                shape.Append(c);
            }
        }
        return shape.ToString().TrimEnd('/');
    }
}
