using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

public class RouteErrorTests
{
    private const string Clusters = """
        clusters:
          web: { destinations: { a: { address: http://127.0.0.1:9001 } } }
          api: { destinations: { a: { address: http://127.0.0.1:9101 } } }
        """;

    [Fact]
    public void Route_to_an_undefined_cluster_names_the_defined_ones()
    {
        var error = ErrorFor("""
            routes:
              - name: web
                match: { path: "/{**rest}" }
                cluster: wbe
            """ + "\n" + Clusters, "routes[0].cluster");

        AssertError(error, 4, 14, "route 'web' sends traffic to cluster 'wbe', which is not defined",
            "did you mean 'web'?", "defined under clusters: web, api");
    }

    [Fact]
    public void Route_to_a_cluster_that_has_its_own_errors_is_not_reported_twice()
    {
        var errors = Errors("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web: { policy: nope, destinations: { a: { address: http://127.0.0.1:9001 } } }
            """);

        Assert.Equal("clusters.web.policy", Assert.Single(errors).Field);
    }

    [Fact]
    public void Duplicate_route_names()
    {
        var error = ErrorFor("""
            routes:
              - { name: web, match: { path: "/api/{**rest}" }, cluster: api }
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            """ + "\n" + Clusters, "routes[1].name");

        AssertError(error, 3, 13, "duplicate route name 'web' (first used at line 2)", "must be unique");
    }

    [Fact]
    public void Route_path_must_start_with_a_slash()
    {
        var error = ErrorFor("""
            routes:
              - { name: web, match: { path: "api/{**rest}" }, cluster: web }
            """ + "\n" + Clusters, "routes[0].match.path");

        AssertError(error, 2, 33, "'api/{**rest}' does not start with '/'", "\"/{**rest}\"");
    }

    [Fact]
    public void Route_missing_name_match_and_cluster_reports_each()
    {
        var errors = Errors("""
            routes:
              - { }
            """ + "\n" + Clusters);

        Assert.Equal(["routes[0].name", "routes[0].match", "routes[0].cluster"], errors.Select(e => e.Field));
        Assert.All(errors, e => AssertError(e, 2, 5, "is required"));
    }

    [Fact]
    public void Route_hosts_must_be_a_list()
    {
        var error = ErrorFor("""
            routes:
              - { name: web, match: { path: "/", hosts: shop.example }, cluster: web }
            """ + "\n" + Clusters, "routes[0].match.hosts");

        AssertError(error, 2, 45, "expected a list of host names", "got 'shop.example'");
    }

    [Fact]
    public void Empty_routes_list()
    {
        var error = ErrorFor("routes: []\n" + Clusters, "routes");

        AssertError(error, 1, 9, "no routes; give at least one");
    }
}
