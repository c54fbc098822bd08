using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

public class ConfigLoaderTests
{
    [Fact]
    public void Minimal_config_gets_the_documented_defaults()
    {
        var config = Load(Minimal);

        Assert.Equal(["http://127.0.0.1:8080"], config.Listen);
        Assert.Equal(AdminConfig.Default, config.Admin);
        Assert.Equal(FairnessConfig.Default, config.Fairness);
        Assert.Equal(AlertsConfig.Default.ErrorRate, config.Alerts.ErrorRate);
        Assert.Equal(AlertsConfig.Default.LatencyP99, config.Alerts.LatencyP99);
        Assert.Empty(config.Alerts.Escalation);
        Assert.Equal(Path.Combine("/srv/fulcrum", "fulcrum-journal.db"), config.Journal.Path);
        var cluster = Assert.Single(config.Clusters);
        Assert.Equal(PolicyKind.RoundRobin, cluster.Policy);
        Assert.Equal(HealthConfig.None, cluster.Health);
        Assert.Null(cluster.Hash);
        Assert.Null(cluster.SlowStart);
        var destination = Assert.Single(cluster.Destinations);
        Assert.Equal(new DestinationConfig("a", new Uri("http://127.0.0.1:9001"), 1, null), destination);
        var route = Assert.Single(config.Routes);
        Assert.Equal(new RouteConfig("web", new RouteMatch("/{**rest}", []), "web"), route with { Match = route.Match with { Hosts = [] } });
        Assert.Empty(route.Match.Hosts);
    }

    [Fact]
    public void Full_config_reads_every_setting()
    {
        var config = Load("""
            listen: [http://0.0.0.0:8080, "https://*:8443"]
            admin: { listen: http://0.0.0.0:9901, token-env: FULCRUM_ADMIN_TOKEN }
            routes:
              - name: api
                match: { path: "/api/{**rest}", hosts: [shop.example, "*.shop.example"] }
                cluster: api
            clusters:
              api:
                policy: maglev
                destinations:
                  b: { address: http://10.0.0.2:80/base, weight: 0, capacity: 150.5 }
                  a: { address: https://10.0.0.1, weight: 4 }
                hash: { key: "cookie:session", balance-factor: 1.25 }
                affinity: { mode: cookie, ttl: 1h, failure: reject }
                health:
                  active: { path: /healthz, interval: 10s, timeout: 1.5s, unhealthy-after: 4, healthy-after: 1 }
                  passive: { consecutive-failures: 7, ejection: 1m30s, max-ejected-percent: 100 }
                slow-start: 45s
                timeouts: { connect: 250ms, request: 2m }
            fairness: { window: 1m, tolerance: 0.1, min-requests: 50, for: 0 }
            alerts:
              error-rate: { threshold: 0.5, for: 10s }
              latency-p99: { threshold: 1s, for: 0s }
              escalation:
                - { after: 0s, notify: [oncall] }
                - { after: 15m, notify: [oncall, boss] }
              receivers:
                oncall: { webhook: http://127.0.0.1:5001/hook }
                boss: { alertmanager: http://127.0.0.1:9093 }
            journal: { path: /var/lib/fulcrum/journal.db }
            """);

        Assert.Equal(["http://0.0.0.0:8080", "https://*:8443"], config.Listen);
        Assert.Equal(new AdminConfig("http://0.0.0.0:9901", "FULCRUM_ADMIN_TOKEN"), config.Admin);
        Assert.Equal(["shop.example", "*.shop.example"], config.Routes[0].Match.Hosts);
        var api = config.FindCluster("api")!;
        Assert.Equal(PolicyKind.Maglev, api.Policy);
        Assert.Equal(["b", "a"], api.Destinations.Select(d => d.Name));
        Assert.Equal(new DestinationConfig("b", new Uri("http://10.0.0.2:80/base"), 0, 150.5), api.Destinations[0]);
        Assert.Equal(4, api.Destinations[1].Weight);
        Assert.Equal(new HashConfig(new HashKey(HashKeySource.Cookie, "session"), 1.25), api.Hash);
        Assert.Equal(new AffinityConfig(AffinityMode.Cookie, TimeSpan.FromHours(1), AffinityFailure.Reject), api.Affinity);
        Assert.Equal(new ActiveHealthConfig("/healthz", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1.5), 4, 1), api.Health.Active);
        Assert.Equal(new PassiveHealthConfig(7, TimeSpan.FromSeconds(90), 100), api.Health.Passive);
        Assert.Equal(TimeSpan.FromSeconds(45), api.SlowStart);
        Assert.Equal(new TimeoutsConfig(TimeSpan.FromMilliseconds(250), TimeSpan.FromMinutes(2)), api.Timeouts);
        Assert.Equal(new FairnessConfig(TimeSpan.FromMinutes(1), 0.1, 50, TimeSpan.Zero), config.Fairness);
        Assert.Equal(new ErrorRateAlertConfig(0.5, TimeSpan.FromSeconds(10)), config.Alerts.ErrorRate);
        Assert.Equal(new LatencyAlertConfig(TimeSpan.FromSeconds(1), TimeSpan.Zero), config.Alerts.LatencyP99);
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(15)], config.Alerts.Escalation.Select(t => t.After));
        Assert.Equal(["oncall", "boss"], config.Alerts.Escalation[1].Notify);
        Assert.Equal(new ReceiverConfig("boss", null, new Uri("http://127.0.0.1:9093")), config.Alerts.Receivers[1]);
        Assert.Equal("/var/lib/fulcrum/journal.db", config.Journal.Path);
    }

    [Fact]
    public void Health_blocks_fill_unset_keys_with_defaults()
    {
        var config = Load(Minimal + """

                health:
                  active: { path: /health }
                  passive: {}
            """);

        var health = config.Clusters[0].Health;
        Assert.Equal(new ActiveHealthConfig("/health", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2), 3, 2), health.Active);
        Assert.Equal(new PassiveHealthConfig(5, TimeSpan.FromSeconds(30), 50), health.Passive);
    }

    [Fact]
    public void Relative_journal_path_resolves_against_the_config_files_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fulcrum-config-test");
        var config = ConfigLoader.Parse(Minimal + "\njournal: { path: data/j.db }", Path.Combine(dir, "fulcrum.yaml"));

        Assert.Equal(Path.Combine(dir, "data", "j.db"), config.Journal.Path);
    }

    [Fact]
    public void Journal_retention_defaults_to_14_days_and_256_MB_and_reads_max_age_and_max_size()
    {
        Assert.Equal(new JournalRetention(TimeSpan.FromDays(14), 256L << 20), Load(Minimal).Journal.Retention);

        var config = Load(Minimal + "\njournal: { max-age: 72h, max-size: 64MB }");

        Assert.Equal(new JournalRetention(TimeSpan.FromHours(72), 64L << 20), config.Journal.Retention);
        // The Fulcrum settings section of an embedding app reads the same keys with the same reader.
        var settings = SettingsLoader.Parse("{ \"journal\": { \"max-age\": \"72h\", \"max-size\": \"64MB\" } }", "appsettings.json", "/srv/app");
        Assert.Equal(config.Journal.Retention, settings.Journal.Retention);
    }

    [Theory]
    [InlineData("max-size: 512KB", "journal.max-size", 9, 22, "is too small; it must be at least 1048576 bytes")]
    [InlineData("max-size: lots", "journal.max-size", 9, 22, "is not a size")]
    [InlineData("max-age: 0", "journal.max-age", 9, 21, "")]
    public void Journal_retention_errors_name_the_key_line_and_column(string entry, string key, int line, int column, string message)
    {
        var error = ErrorFor(Minimal + "\njournal: { " + entry + " }", key);

        AssertError(error, line, column, message);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_work_and_explicit_keys_win()
    {
        var config = Load("""
            routes:
              - { name: web, match: { path: "/{**rest}" }, cluster: web }
            clusters:
              web:
                destinations:
                  a: &base { address: http://127.0.0.1:9001, weight: 2 }
                  b: { <<: *base, weight: 5 }
            """);

        var destinations = config.Clusters[0].Destinations;
        Assert.Equal(2, destinations[0].Weight);
        Assert.Equal(new DestinationConfig("b", new Uri("http://127.0.0.1:9001"), 5), destinations[1]);
    }

    [Fact]
    public void LoadFile_reports_a_missing_file_as_a_config_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-missing-{Guid.NewGuid():N}.yaml");

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadFile(path));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(new SourceLocation(path, 1, 1), error.Location);
        Assert.Contains("cannot read the config file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_reads_a_real_file_and_names_it_in_the_source_map()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fulcrum-{Guid.NewGuid():N}.yaml");
        System.IO.File.WriteAllText(path, Minimal);
        try
        {
            var config = ConfigLoader.LoadFile(path);
            Assert.Equal(path, config.Source.File);
            Assert.Equal(new SourceLocation(path, 8, 21), config.Source.Find("clusters.web.destinations.a.address"));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
