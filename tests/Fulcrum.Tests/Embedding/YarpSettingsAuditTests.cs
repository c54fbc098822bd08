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

    // Every per-policy and per-cluster setting an app can write, and its fulcrum.yaml twin: the audit of the JSON must
    // judge what the app serves (the reader the live app uses), which must be what the YAML says.
    private const string SettingsYaml = """
        routes:
          - name: all
            match: { path: "/{**catch-all}" }
            cluster: ewma
          - name: keyed
            match: { path: "/k/{**rest}", hosts: [api.example.com] }
            cluster: keyed
        clusters:
          ewma:
            policy: peak-ewma
            peak-ewma: { choices: 3, parallelism: 8 }
            slow-start: 20s
            health:
              active: { path: /ready, interval: 10s, timeout: 3s, unhealthy-after: 4, healthy-after: 5 }
              passive: { consecutive-failures: 7, ejection: 45s, max-ejected-percent: 20 }
            timeouts: { connect: 2s, request: 40s }
            retries: { attempts: 2, budget: 10%, per-try-timeout: 3s, methods: safe, retry-on: [reset, 5xx] }
            tls: { insecure: true, sni: ewma.internal }
            http-request: { version: "1.1", version-policy: exact }
            destinations:
              a: { address: https://127.0.0.1:9001, weight: 3, capacity: 250 }
              b: { address: https://127.0.0.1:9002, weight: 2, capacity: 150.5 }
          keyed:
            policy: maglev
            hash: { key: header:X-User-Id, balance-factor: 1.5 }
            affinity: { mode: cookie, ttl: 1h, failure: reject }
            destinations:
              a: { address: http://127.0.0.1:9003 }
              b: { address: http://127.0.0.1:9004, weight: 0 }
        """;

    private const string SettingsJson = """
        {
          "ReverseProxy": {
            "Routes": {
              "all": { "ClusterId": "ewma", "Match": { "Path": "/{**catch-all}" } },
              "keyed": { "ClusterId": "keyed", "Match": { "Path": "/k/{**rest}", "Hosts": [ "api.example.com" ] } }
            },
            "Clusters": {
              "ewma": {
                "LoadBalancingPolicy": "Fulcrum.PeakEwma",
                "Metadata": {
                  "Fulcrum.PeakEwma.Choices": "3", "Fulcrum.PeakEwma.Parallelism": "8", "Fulcrum.SlowStart": "20s",
                  "Fulcrum.Active.UnhealthyAfter": "4", "Fulcrum.Active.HealthyAfter": "5",
                  "Fulcrum.Passive.ConsecutiveFailures": "7", "Fulcrum.Passive.Ejection": "45s", "Fulcrum.Passive.MaxEjectedPercent": "20",
                  "Fulcrum.ConnectTimeout": "2s",
                  "Fulcrum.Retries.Attempts": "2", "Fulcrum.Retries.Budget": "0.1", "Fulcrum.Retries.PerTryTimeout": "3s",
                  "Fulcrum.Retries.Methods": "safe", "Fulcrum.Retries.On": "reset,5xx"
                },
                "HealthCheck": { "Active": { "Enabled": true, "Path": "/ready", "Interval": "00:00:10", "Timeout": "00:00:03" } },
                "HttpRequest": { "ActivityTimeout": "00:00:40", "Version": "1.1", "VersionPolicy": "RequestVersionExact" },
                "HttpClient": { "DangerousAcceptAnyServerCertificate": true },
                "Destinations": {
                  "a": { "Address": "https://127.0.0.1:9001", "Host": "ewma.internal", "Metadata": { "Fulcrum.Weight": "3", "Fulcrum.Capacity": "250" } },
                  "b": { "Address": "https://127.0.0.1:9002", "Host": "ewma.internal", "Metadata": { "Fulcrum.Weight": "2", "Fulcrum.Capacity": "150.5" } }
                }
              },
              "keyed": {
                "LoadBalancingPolicy": "Fulcrum.Maglev",
                "Metadata": { "Fulcrum.Hash.Key": "header:X-User-Id", "Fulcrum.Hash.BalanceFactor": "1.5" },
                "SessionAffinity": { "Enabled": true, "Policy": "Cookie", "FailurePolicy": "Return503Error", "AffinityKeyName": "k", "Cookie": { "Expiration": "01:00:00" } },
                "Destinations": {
                  "a": { "Address": "http://127.0.0.1:9003" },
                  "b": { "Address": "http://127.0.0.1:9004", "Metadata": { "Fulcrum.Weight": "0" } }
                }
              }
            }
          }
        }
        """;

    [Fact]
    public void Every_setting_of_an_appsettings_json_reads_as_its_fulcrum_yaml_twin()
    {
        var fromJson = Fulcrum.Settings.YarpSettingsFile.Parse(SettingsJson, "appsettings.json");
        var fromYaml = Core.Config.ConfigLoader.Parse(SettingsYaml, "fulcrum.yaml");
        var diff = new Library.RoundTrip.ConfigDiff();

        diff.Clusters(fromYaml.Clusters, fromJson.Clusters);
        diff.Routes(fromYaml.Routes, fromJson.Routes);

        Assert.Empty(diff.Differences);
        Assert.Equal(new Core.Config.PeakEwmaConfig(3, 8), fromJson.Clusters[0].PeakEwma);
        Assert.True(fromJson.Clusters[0].Tls!.Insecure);
    }

    [Fact]
    public async Task An_appsettings_json_with_every_setting_gets_the_findings_of_its_yaml_twin_insecure_tls_included()
    {
        var fromJson = await FindingsAsync(_dir.Write("appsettings.json", SettingsJson));
        var fromYaml = await FindingsAsync(_dir.Write("fulcrum.yaml", SettingsYaml));

        Assert.Equal(fromYaml, fromJson);
        Assert.Contains(fromJson, f => f.StartsWith("warning FUL023", StringComparison.Ordinal));
    }

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
    // Settings YARP or Fulcrum would accept and never apply: each one refused at its line, saying why and what to do.
    [InlineData("\"Fulcrum.Weight\": \"4\"", "\"Fulcrum.Wieght\": \"4\"", 9, "Fulcrum.Wieght", "known keys here: Fulcrum.Weight")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.SlowStrat\": \"30s\" },", 7, "Fulcrum.SlowStrat", "Fulcrum.SlowStart")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"SessionAffinity\": { \"Enabled\": true, \"Policy\": \"CustomHeader\", \"AffinityKeyName\": \"X-A\", \"Cookie\": { \"Expiration\": \"01:00:00\" } },", 7, "SessionAffinity:Cookie:Expiration", "header affinity never expires")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.Hash.Key\": \"header:X-User\" },", 7, "Fulcrum.Hash.Key", "Fulcrum.Maglev")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.Retries.Budget\": \"0.1\" },", 7, "Fulcrum.Retries.Budget", "retries are off without Fulcrum.Retries.Attempts")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.Active.UnhealthyAfter\": \"3\" },", 7, "Fulcrum.Active.UnhealthyAfter", "no active probes")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.Tls.ClientCert\": \"client.pem\" },", 7, "Fulcrum.Tls.ClientCert", "needs both")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"HttpClient\": { \"DangerousAcceptAnyServerCertificate\": true }, \"Metadata\": { \"Fulcrum.Tls.Ca\": \"ca.pem\" },", 7, "Fulcrum.Tls.Ca", "would never be used")]
    // Combinations where one setting has no effect (edges2): refused at the ignored key's line, saying why.
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.FirstAvailable\", \"Metadata\": { \"Fulcrum.SlowStart\": \"30s\" },", 7, "Fulcrum.SlowStart", "no effect with Fulcrum.FirstAvailable")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"HttpRequest\": { \"ActivityTimeout\": \"00:00:05\" }, \"Metadata\": { \"Fulcrum.Retries.Attempts\": \"2\", \"Fulcrum.Retries.PerTryTimeout\": \"5s\" },", 7, "Fulcrum.Retries.PerTryTimeout", "5s is not shorter than HttpRequest:ActivityTimeout (5s)")]
    [InlineData("\"Fulcrum.RoundRobin\",", "\"Fulcrum.RoundRobin\", \"Metadata\": { \"Fulcrum.Retries.Attempts\": \"2\", \"Fulcrum.Retries.Budget\": \"0\" },", 7, "Fulcrum.Retries.Budget", "give a number above 0")]
    [InlineData("\"ClusterId\": \"web\",", "\"ClusterId\": \"web\", \"Metadata\": { \"Fulcrum.Paths\": \"normalized\" },", 4, "ReverseProxy:Routes:web:Metadata:Fulcrum.Paths", "known keys here: Fulcrum.Path")]
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
