using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Rules;

public class Ful015ShadowedRouteTests
{
    private const string Clusters = """
        clusters:
          web:
            destinations:
              a: { address: http://10.0.0.5:8080 }
          api:
            destinations:
              a: { address: http://10.0.1.5:8080 }
        """;

    [Fact]
    public void Flags_routes_after_a_catch_all_for_the_same_or_any_host_and_a_duplicate_route()
    {
        var findings = AssertFlagged($$"""
            routes:
              - name: web
                match: { path: "/{**rest}", hosts: [shop.example] }
                cluster: web
              - name: api
                match: { path: "/api/{**rest}", hosts: [SHOP.example] }   # <-
                cluster: api
              - name: other
                match: { path: "/api/{id}", hosts: [other.example] }
                cluster: api
              - name: again
                match: { path: "/api/{key}", hosts: [other.example] }   # <-
                cluster: api
            {{Clusters}}
            """, "FUL015");
        Assert.Contains("after route 'web'", findings[0].Message);
        Assert.Contains("after route 'other'", findings[1].Message);
        Assert.Equal("api", findings[0].Cluster);
    }

    [Fact]
    public void Passes_specific_routes_first_and_catch_alls_for_other_hosts()
    {
        AssertClean($$"""
            routes:
              - { name: api, match: { path: "/api/{**rest}" }, cluster: api }
              - { name: shop, match: { path: "/{**rest}", hosts: [shop.example] }, cluster: web }
              - { name: admin, match: { path: "/admin/{**rest}", hosts: [admin.example] }, cluster: web }
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            {{Clusters}}
            """, "FUL015");
    }

    /// <summary>
    /// The rule indexes earlier routes instead of comparing every pair; over random route lists it must report exactly
    /// what the pairwise definition reports: the same shadowed routes, each with the first route that shadows it.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Reports_what_the_pairwise_definition_reports(int seed)
    {
        string[] paths = ["/{**rest}", "/{*all}", "/a/{id}", "/a/{key}", "/A/{id}", "/b", "/b/", "/a/{**rest}", "/c"];
        string[] hosts = ["x.example", "X.EXAMPLE", "y.example", "z.example"];
        var random = new Random(seed);
        var routes = Enumerable.Range(0, 60).Select(i =>
        {
            var chosen = hosts.Where(_ => random.Next(3) == 0).ToList();
            return (Name: $"r{i}", Path: paths[random.Next(paths.Length)], Hosts: chosen);
        }).ToList();
        var yaml = "routes:\n" + string.Concat(routes.Select(r =>
            $"  - {{ name: {r.Name}, match: {{ path: \"{r.Path}\", hosts: [{string.Join(", ", r.Hosts)}] }}, cluster: web }}\n")) + Clusters;

        var reported = FindingsOf(yaml, "FUL015").Select(f => f.Message).ToList();

        var expected = new List<(string Later, string Earlier)>();
        for (var later = 1; later < routes.Count; later++)
        {
            var earlier = Enumerable.Range(0, later).Cast<int?>().FirstOrDefault(e => PairwiseShadows(routes[e!.Value], routes[later]));
            if (earlier is { } e)
            {
                expected.Add((routes[later].Name, routes[e].Name));
            }
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, reported.Count);
        foreach (var ((later, earlier), message) in expected.Zip(reported))
        {
            Assert.StartsWith($"route '{later}' ", message);
            Assert.Contains($"after route '{earlier}'", message);
        }
    }

    // The rule's definition, written pairwise and independently: an oracle for the indexed implementation.
    private static bool PairwiseShadows((string Name, string Path, List<string> Hosts) earlier, (string Name, string Path, List<string> Hosts) later)
    {
        var covered = earlier.Hosts.Count == 0
            || (later.Hosts.Count > 0 && later.Hosts.All(h => earlier.Hosts.Contains(h, StringComparer.OrdinalIgnoreCase)));
        var catchAll = earlier.Path is "/{**rest}" or "/{*all}";
        return covered && (catchAll || string.Equals(ShapeOf(earlier.Path), ShapeOf(later.Path), StringComparison.OrdinalIgnoreCase));
    }

    private static string ShapeOf(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}*]*\}", "{}").TrimEnd('/');
}
