using System.Text;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config.Hostile;

/// <summary>One test per defect reported in issue 10, item 1: each used to kill the process or flood its output.</summary>
public class ReproducerTests
{
    [Fact]
    public void Nesting_12000_levels_deep_is_an_error_at_the_level_past_the_limit_not_a_stack_overflow()
    {
        var yaml = "routes: " + new string('[', 12_000) + new string(']', 12_000) + "\n"; // 24 KB, like the 60 KB report

        var error = Assert.Single(Errors(yaml));

        // routes: is level 1, so the 64th '[' opens level 65, the first one past the limit.
        AssertError(error, 1, 9 + 63, "nests deeper than the limit of 64 levels", "ConfigLimits.MaxDepth");
        Assert.Equal("", error.Field);
    }

    [Fact]
    public void Slow_start_of_3000000000000000000h_is_an_error_with_line_and_column_not_an_overflow()
    {
        var error = ErrorFor(WithCluster("destinations: { a: { address: http://127.0.0.1:9001 } }\nslow-start: 3000000000000000000h"), "clusters.web.slow-start");

        AssertError(error, 6, 17, "'3000000000000000000h' is longer than the longest allowed duration, 576h (24 days)");
    }

    [Theory]
    [InlineData("576h", true)]
    [InlineData("24h", true)]
    [InlineData("577h", false)]
    [InlineData("576h0m0s1ms", false)]
    [InlineData("99999999999999999999999999999999999999h", false)]
    public void Durations_are_capped_at_24_days(string slowStart, bool loads)
    {
        var yaml = WithCluster($"destinations: {{ a: {{ address: http://127.0.0.1:9001 }} }}\nslow-start: {slowStart}");

        if (loads)
        {
            Assert.Equal(Duration.Parse(slowStart), Load(yaml).Clusters[0].SlowStart);
        }
        else
        {
            AssertError(ErrorFor(yaml, "clusters.web.slow-start"), 6, 17, "longer than the longest allowed duration");
        }
    }

    [Fact]
    public void A_10_MB_value_is_refused_with_a_short_message()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        var yaml = Minimal.Replace("http://127.0.0.1:9001", "http://" + huge, StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        // The whole file is over the size cap, so nothing of the value is even parsed.
        AssertError(error, 1, 1, "larger than the limit of 4194304 bytes", "ConfigLimits.MaxBytes");
        Assert.True(error.ToString().Length < 300, error.ToString());
    }

    [Fact]
    public void A_long_value_within_the_file_cap_is_quoted_cut_with_its_length_and_hash()
    {
        var long1 = "http://" + new string('x', 100_000);
        var yaml = Minimal.Replace("http://127.0.0.1:9001", long1, StringComparison.Ordinal);

        var error = Assert.Single(Errors(yaml));

        AssertError(error, 8, 21, "a value of 100007 characters is longer than the limit of 8192", "(100007 chars, sha256 ");
        Assert.Contains("'http://" + new string('x', 113) + "…'", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void A_value_under_the_scalar_cap_is_still_quoted_short_in_its_error()
    {
        var yaml = Minimal.Replace("http://127.0.0.1:9001", "ftp://" + new string('y', 5_000), StringComparison.Ordinal);

        var error = ErrorFor(yaml, "clusters.web.destinations.a.address");

        Assert.Contains("(5006 chars, sha256 ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
    }

    [Fact]
    public void Escape_sequences_in_a_route_name_are_escaped_in_the_error()
    {
        var yaml = Minimal.Replace("name: web", "name: \"web\\e[2J\\e]0;pwned\\a\\u202Egnp.exe\"", StringComparison.Ordinal);

        var error = ErrorFor(yaml, "routes[0].name");

        AssertError(error, 2, 11, @"'web\x1b[2J\x1b]0;pwned\x07\u202egnp.exe' is not a valid route name");
        Assert.False(CleanFailure.HasRawControl(error.ToString()), error.ToString());
        var printed = ConfigErrorFormatter.Format([error], yaml);
        Assert.Contains(@"    - name: ""web\e[2J", printed, StringComparison.Ordinal); // the source line is shown as written, escapes and all
        Assert.False(CleanFailure.HasRawControl(printed.Replace("\n", "", StringComparison.Ordinal)), printed);
    }

    [Fact]
    public void Control_characters_in_a_cluster_name_are_escaped_in_the_message_and_the_field()
    {
        var yaml = Minimal.Replace("  web:\n", "  \"w\\x9beb\":\n", StringComparison.Ordinal);

        var errors = Errors(yaml);

        var bad = Assert.Single(errors, e => e.Message.Contains("is not a valid cluster name", StringComparison.Ordinal));
        Assert.Equal(@"clusters.w\x9beb", bad.Field);
        Assert.All(errors, e => Assert.False(CleanFailure.HasRawControl(e.ToString()), e.ToString()));
    }

    [Fact]
    public void Tightened_names_still_accept_every_name_in_the_samples()
    {
        var config = ConfigLoader.Parse(File.ReadAllText(RepoFiles.Find("samples/fulcrum.yaml")), "fulcrum.yaml", "/tmp");

        Assert.NotEmpty(config.Routes);
    }

    [Fact]
    public void A_name_past_the_name_cap_is_refused_and_quoted_short()
    {
        var name = new string('n', 300);
        var error = ErrorFor(Minimal.Replace("name: web", "name: " + name, StringComparison.Ordinal), "routes[0].name");

        AssertError(error, 2, 11, "a route name of 300 characters is longer than the limit of 256 (ConfigLimits.MaxNameLength)", "(300 chars, sha256 ");
    }

    [Fact]
    public void An_alias_bomb_is_refused_at_the_alias_that_passes_the_node_cap()
    {
        var yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            yaml.Append($"a{level}: &a{level} [").AppendJoin(", ", Enumerable.Repeat($"*a{level - 1}", 10)).Append("]\n");
        }
        yaml.Append("routes: *a9\n");

        var error = Assert.Single(Errors(yaml.ToString()));

        Assert.Contains("more than the limit of 200000 nodes (ConfigLimits.MaxNodes), counting each alias", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line is >= 5 and <= 7, error.ToString()); // 10^5 and 10^6 nodes come at levels 4 and 5
    }

    [Fact]
    public void Aliases_within_the_node_cap_still_load()
    {
        var yaml = WithCluster("destinations: { a: &d { address: http://127.0.0.1:9001 }, b: *d, c: *d }");

        Assert.Equal(["a", "b", "c"], Load(yaml).Clusters[0].Destinations.Select(d => d.Name));
    }

    [Theory]
    [InlineData("routes", 2, 3, "3 routes are more than the limit of 2 (ConfigLimits.MaxRoutes)")]
    [InlineData("clusters", 6, 3, "3 clusters are more than the limit of 2")]
    [InlineData("clusters.web.destinations", 8, 7, "3 destinations are more than the limit of 2")]
    public void Counts_past_their_cap_are_one_error_at_the_block(string field, int line, int column, string message)
    {
        var limits = field switch
        {
            "routes" => new ConfigLimits { MaxRoutes = 2 },
            "clusters" => new ConfigLimits { MaxClusters = 2 },
            _ => new ConfigLimits { MaxDestinationsPerCluster = 2 },
        };
        var yaml = """
            routes:
              - { name: a, match: { path: "/a" }, cluster: web }
              - { name: b, match: { path: "/b" }, cluster: api }
              - { name: c, match: { path: "/c" }, cluster: other }
            clusters:
              web:
                destinations:
                  a: { address: http://127.0.0.1:9001 }
                  b: { address: http://127.0.0.1:9002 }
                  c: { address: http://127.0.0.1:9003 }
              api: { destinations: { a: { address: http://127.0.0.1:9001 } } }
              other: { destinations: { a: { address: http://127.0.0.1:9001 } } }
            """;
        Assert.NotNull(ConfigLoader.Parse(yaml, FileName, "/tmp")); // fine with the default limits

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, FileName, "/tmp", limits)).Errors;

        // One error: the refused block is not read, and its names still count as defined for the routes.
        var error = Assert.Single(errors);
        Assert.Equal(field, error.Field);
        AssertError(error, line, column, message);
    }

    [Fact]
    public void Errors_past_the_error_cap_are_counted_in_one_last_error()
    {
        var routes = string.Concat(Enumerable.Range(0, 30).Select(i => $"  - {{ name: r{i}, match: {{ path: \"/{i}\" }}, cluster: nowhere{i} }}\n"));
        var yaml = "routes:\n" + routes + "clusters: { web: { destinations: { a: { address: http://127.0.0.1:9001 } } } }\n";

        var errors = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, FileName, "/tmp", new ConfigLimits { MaxErrors = 10 })).Errors;

        Assert.Equal(11, errors.Count);
        Assert.Equal("20 more errors not shown (the first 10 are, ConfigLimits.MaxErrors); fix these and load again", errors[^1].Message);
    }

    [Fact]
    public void A_file_past_the_size_cap_is_not_read_into_memory()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-big-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Minimal + "\n#" + new string('x', 5000));
        try
        {
            var error = Assert.Single(Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(path, new ConfigLimits { MaxBytes = 1000 })).Errors);

            Assert.Equal((path, 1, 1), (error.Location.File, error.Location.Line, error.Location.Column));
            Assert.Contains("larger than the limit of 1000 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Many_undefined_references_among_thousands_of_clusters_finish_with_short_messages()
    {
        // Each bad reference searches the defined names for a "did you mean"; the search is budgeted and the list cut.
        var prefix = new string('c', 100);
        var clusters = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"  {prefix}{i}: {{ destinations: {{ a: {{ address: http://127.0.0.1:9001 }} }} }}\n"));
        var routes = string.Concat(Enumerable.Range(0, 300).Select(i => $"  - {{ name: r{i}, match: {{ path: \"/\" }}, cluster: {prefix}x{i} }}\n"));
        var yaml = "routes:\n" + routes + "clusters:\n" + clusters;

        CleanFailure.Assert(() => ConfigLoader.Parse(yaml, FileName, "/tmp"), "2,000 clusters, 300 bad references");
        var errors = Errors(yaml);
        Assert.Equal(201, errors.Count); // 200 shown, then the count of the rest
        Assert.Contains("and 1995 more", errors[0].Message, StringComparison.Ordinal);
        Assert.All(errors, e => Assert.True(e.Message.Length <= ConfigError.MaxMessageLength + 64, e.Message));
    }

    [Fact]
    public void The_settings_loader_of_embedding_apps_has_the_same_caps()
    {
        var deep = "fairness: " + new string('[', 12_000);

        var error = Assert.Single(Assert.Throws<ConfigException>(() => SettingsLoader.Parse(deep, "appsettings.yaml", "/tmp")).Errors);

        Assert.Contains("nests deeper than the limit of 64 levels", error.Message, StringComparison.Ordinal);
        CleanFailure.Assert(() => SettingsLoader.Parse("fairness: { window: 3000000000000000000h }", "appsettings.yaml", "/tmp"), "settings duration");
    }

    [Fact]
    public void Only_misuse_by_the_caller_throws_something_else()
    {
        Assert.Throws<ArgumentNullException>(() => ConfigLoader.Parse(null!, FileName, "/tmp"));
        Assert.Throws<ArgumentNullException>(() => ConfigLoader.Parse(Minimal, FileName, "/tmp", null!));
    }
}
