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
        var routes = context.Config.Routes;
        for (var later = 1; later < routes.Count; later++)
        {
            for (var earlier = 0; earlier < later; earlier++)
            {
                if (!Shadows(routes[earlier].Match, routes[later].Match))
                {
                    continue;
                }
                var shadowing = routes[earlier];
                var hosts = shadowing.Match.Hosts.Count == 0 ? "any host" : string.Join(", ", shadowing.Match.Hosts);
                yield return Finding(
                    context,
                    SettingKeys.Route(later, "match.path"),
                    $"route '{routes[later].Name}' (path {routes[later].Match.Path}) comes after route '{shadowing.Name}', whose path " +
                    $"{shadowing.Match.Path} for {hosts} already matches all its requests: routes match in file order, so cluster '{routes[later].Cluster}' never sees them",
                    routes[later].Cluster);
                break;
            }
        }
    }

    private static bool Shadows(RouteMatch earlier, RouteMatch later)
    {
        var hostsCovered = earlier.Hosts.Count == 0
            || (later.Hosts.Count > 0 && later.Hosts.All(h => earlier.Hosts.Contains(h, StringComparer.OrdinalIgnoreCase)));
        if (!hostsCovered)
        {
            return false;
        }
        return IsCatchAll(earlier.Path) || string.Equals(Shape(earlier.Path), Shape(later.Path), StringComparison.OrdinalIgnoreCase);
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
