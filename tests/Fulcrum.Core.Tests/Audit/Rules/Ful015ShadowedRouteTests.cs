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
}
