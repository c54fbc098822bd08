using System.Text.Json;
using Fulcrum.Tests.Cli;

namespace Fulcrum.Tests.Embedding;

/// <summary><c>fulcrum audit -c appsettings.json</c>: a YARP app's config gets the same rules as the equivalent fulcrum.yaml.</summary>
public sealed class YarpSettingsAuditTests : IDisposable
{
    private const string BiasedYaml = """
        routes:
          - name: web
            match: { path: "/{**catch-all}" }
            cluster: web
        clusters:
          web:
            policy: round-robin
            destinations:
              a: { address: http://127.0.0.1:9001, weight: 4, capacity: 100 }
              b: { address: http://127.0.0.1:9002, weight: 1, capacity: 100 }
              c: { address: http://127.0.0.1:9003, weight: 1, capacity: 100 }
        fairness: { tolerance: 0.3 }
        """;

    private const string BiasedJson = """
        {
          // appsettings.json may carry comments; the configuration system skips them, and so does the audit.
          "ReverseProxy": {
            "Routes": { "web": { "ClusterId": "web", "Match": { "Path": "/{**catch-all}" } } },
            "Clusters": {
              "web": {
                "LoadBalancingPolicy": "Fulcrum.RoundRobin",
                "Destinations": {
                  "a": { "Address": "http://127.0.0.1:9001", "Metadata": { "Fulcrum.Weight": "4", "Fulcrum.Capacity": "100" } },
                  "b": { "Address": "http://127.0.0.1:9002", "Metadata": { "Fulcrum.Weight": "1", "Fulcrum.Capacity": "100" } },
                  "c": { "Address": "http://127.0.0.1:9003", "Metadata": { "Fulcrum.Weight": "1", "Fulcrum.Capacity": "100" } }
                }
              }
            }
          },
          "Fulcrum": { "fairness": { "tolerance": 0.3 } }
        }
        """;

    private readonly CliTempDir _dir = new();

    [Fact]
    public async Task The_embedded_sample_finds_what_its_fulcrum_yaml_twin_finds()
    {
        var root = Deploy.RepositoryRoot.Path;
        var fromJson = await FindingsAsync(Path.Combine(root, "samples", "embedded", "appsettings.json"));
        var fromYaml = await FindingsAsync(Path.Combine(root, "samples", "embedded", "fulcrum.yaml"));

        Assert.Equal(fromYaml, fromJson);
    }

    [Fact]
    public async Task A_biased_YARP_config_gets_the_same_findings_as_its_yaml_twin_pointing_at_its_own_lines()
    {
        var json = _dir.Write("appsettings.json", BiasedJson);
        var yaml = _dir.Write("fulcrum.yaml", BiasedYaml);

        var fromJson = await FindingsAsync(json);
        var fromYaml = await FindingsAsync(yaml);

        Assert.Equal(fromYaml, fromJson);
        Assert.Contains(fromJson, f => f.StartsWith("error FUL020", StringComparison.Ordinal));
        Assert.Contains(fromJson, f => f.StartsWith("warning FUL005", StringComparison.Ordinal));
        var text = await _dir.RunAsync("audit", "-c", json, "--no-color");
        Assert.Equal(1, text.ExitCode);
        // FUL005 about 'a' points at the line that sets a's weight in the JSON file (line 9).
        Assert.Contains("appsettings.json:9:", text.Stdout.Split('\n').Single(l => l.Contains("FUL005", StringComparison.Ordinal) && l.Contains("'a'", StringComparison.Ordinal)));
    }

    // A bad metadata value names its key and what is allowed; a policy only an app registers (AddFulcrumPolicy) is
    // unknown outside that app and names the policies the audit knows. Neither is a crash.
    [Theory]
    [InlineData("\"Fulcrum.Weight\": \"4\"", "\"Fulcrum.Weight\": \"four\"", 9, "Fulcrum.Weight", "integer from 0")]
    [InlineData("\"Fulcrum.RoundRobin\"", "\"Fulcrum.MyPolicy\"", 7, "'Fulcrum.MyPolicy' is not a registered policy", "Fulcrum.PeakEwma")]
    public async Task A_bad_value_is_an_invalid_config_naming_the_line_and_what_is_allowed(string from, string to, int line, string named, string allowed)
    {
        var json = _dir.Write("appsettings.json", BiasedJson.Replace(from, to, StringComparison.Ordinal));

        var result = await _dir.RunAsync("audit", "-c", json);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"appsettings.json:{line}:", result.Stderr);
        Assert.Contains(named, result.Stderr);
        Assert.Contains(allowed, result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr + result.Stdout);
    }

    [Fact]
    public async Task Malformed_JSON_is_an_invalid_config_with_line_and_column()
    {
        var json = _dir.Write("appsettings.json", "{\n  \"ReverseProxy\": { \"Routes\": [ }\n}\n");

        var result = await _dir.RunAsync("validate", "-c", json);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("appsettings.json:2:", result.Stderr);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Rule, severity and message of each finding: what must agree; the locations are each file's own.</summary>
    private async Task<string[]> FindingsAsync(string path)
    {
        var result = await _dir.RunAsync("audit", "-c", path, "--format", "json");
        Assert.True(result.ExitCode is 0 or 1, result.ToString());
        using var report = JsonDocument.Parse(result.Stdout);
        return report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("severity").GetString()} {f.GetProperty("ruleId").GetString()}: {f.GetProperty("message").GetString()}")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
