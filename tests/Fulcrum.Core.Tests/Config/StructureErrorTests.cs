using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Errors about the file as a whole: syntax, emptiness, unknown and duplicate keys, wrong types.</summary>
public class StructureErrorTests
{
    [Fact]
    public void Yaml_syntax_error_points_at_the_parsers_mark()
    {
        var errors = Errors(Minimal.Replace("cluster: web", "cluster: web: api"));

        var error = Assert.Single(errors);
        Assert.Equal("", error.Field);
        AssertError(error, 4, 17, "YAML syntax error", "invalid mapping");
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
        Assert.Equal("test.yaml:4:17: YAML syntax error: " + error.Message["YAML syntax error: ".Length..], error.ToString());
    }

    [Fact]
    public void Unclosed_flow_mapping_is_a_syntax_error_near_the_break()
    {
        // YamlDotNet's scanner fails here with InvalidOperationException, not YamlException: still a clean error.
        var errors = Errors(Minimal.Replace("9001 }", "9001\n      b: { address: http://127.0.0.1:9002 }"));

        var error = Assert.Single(errors);
        AssertError(error, 8, 19, "YAML syntax error", "unclosed '{'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("~")]
    public void Empty_file_is_one_clear_error(string yaml)
    {
        var error = Assert.Single(Errors(yaml));
        AssertError(error, 1, 1, "empty", "'routes' and 'clusters'");
    }

    [Fact]
    public void Top_level_must_be_a_mapping()
    {
        var error = Assert.Single(Errors("- routes\n- clusters\n"));
        AssertError(error, 1, 1, "expected a mapping with keys listen, admin, routes", "got a list");
    }

    [Fact]
    public void Missing_routes_and_clusters_are_both_reported()
    {
        var errors = Errors("""
            fairness: { tolerance: 0.3 }
            """);

        Assert.Equal(["routes", "clusters"], errors.Select(e => e.Field));
        AssertError(errors[0], 1, 1, "'routes' is required");
        AssertError(errors[1], 1, 1, "'clusters' is required");
    }

    [Fact]
    public void Unknown_top_level_key_suggests_the_closest_one()
    {
        var errors = Errors(Minimal + "\nfairnes: { tolerance: 0.2 }");

        var error = Assert.Single(errors);
        Assert.Equal("fairnes", error.Field);
        AssertError(error, 9, 1, "unknown key 'fairnes'", "did you mean 'fairness'?");
    }

    [Fact]
    public void Unknown_nested_key_suggests_the_closest_one_and_lists_the_allowed()
    {
        var error = ErrorFor("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: { address: http://127.0.0.1:9001, wieght: 2 }
            """, "clusters.web.destinations.a.wieght");

        AssertError(error, 6, 44, "unknown key 'wieght'", "did you mean 'weight'?", "address, weight, capacity");
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_allowed_keys()
    {
        var error = ErrorFor(Minimal + "\n    colour: blue", "clusters.web.colour");

        AssertError(error, 9, 5, "unknown key 'colour'; allowed keys here: policy, destinations, hash");
    }

    [Fact]
    public void Duplicate_cluster_names_are_reported_at_the_second_one()
    {
        var error = ErrorFor(Minimal + """

              web:
                destinations:
                  b: { address: http://127.0.0.1:9002 }
            """, "clusters.web");

        AssertError(error, 9, 3, "duplicate key 'web'", "already defined at line 6");
    }

    [Fact]
    public void Duplicate_destination_names_are_reported()
    {
        var error = ErrorFor(Minimal + "\n      a: { address: http://127.0.0.1:9002 }", "clusters.web.destinations.a");

        AssertError(error, 9, 7, "duplicate key 'a'", "already defined at line 8");
    }

    [Fact]
    public void Duplicate_setting_keys_are_reported()
    {
        var error = ErrorFor(Minimal.Replace("9001 }", "9001, weight: 1, weight: 2 }"), "clusters.web.destinations.a.weight");

        AssertError(error, 8, 55, "duplicate key 'weight'");
    }

    [Fact]
    public void String_where_a_number_is_expected()
    {
        var error = ErrorFor(Minimal.Replace("9001 }", "9001, weight: heavy }"), "clusters.web.destinations.a.weight");

        AssertError(error, 8, 52, "expected a whole number >= 0", "got 'heavy'");
    }

    [Fact]
    public void Quoted_number_is_a_string_and_says_so()
    {
        var error = ErrorFor(Minimal.Replace("9001 }", "9001, weight: \"4\" }"), "clusters.web.destinations.a.weight");

        AssertError(error, 8, 52, "the quoted string \"4\"", "remove the quotes");
    }

    [Fact]
    public void Scalar_where_a_list_is_expected()
    {
        var error = ErrorFor("listen: http://127.0.0.1:8080\n" + Minimal, "listen");

        AssertError(error, 1, 9, "expected a list of listen URLs", "got 'http://127.0.0.1:8080'");
    }

    [Fact]
    public void List_where_a_mapping_is_expected()
    {
        var error = ErrorFor(Minimal + "\nfairness: [30s]", "fairness");

        AssertError(error, 9, 11, "expected a mapping with keys window, tolerance, min-requests, for", "got a list");
    }

    [Fact]
    public void Second_yaml_document_is_refused()
    {
        var error = Assert.Single(Errors(Minimal + "\n---\nlisten: []\n"));

        AssertError(error, 9, 1, "second YAML document");
    }

    [Fact]
    public void Every_error_is_collected_and_sorted_by_position()
    {
        var errors = Errors("""
            listen: [ftp://127.0.0.1:8080]
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: webb }
            clusters:
              web:
                policy: fastest
                destinations:
                  a: { address: http://127.0.0.1:9001, weight: -1 }
            fairness: { tolerance: 2 }
            """);

        Assert.Equal(
            ["listen[0]", "routes[0].cluster", "clusters.web.policy", "clusters.web.destinations.a.weight", "fairness.tolerance"],
            errors.Select(e => e.Field));
        Assert.Equal([1, 3, 6, 8, 9], errors.Select(e => e.Location.Line));
    }
}
