using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>The audit rules point findings at these keys, so their spelling and positions are a contract.</summary>
public class SourceMapTests
{
    private const string Yaml = """
        listen: [http://127.0.0.1:8080]
        admin:
          listen: http://127.0.0.1:9901
        routes:
          - name: web
            match: { path: "/{**rest}", hosts: [shop.example] }
            cluster: web
        clusters:
          web:
            policy: maglev
            destinations:
              a: { address: http://127.0.0.1:9001, weight: 1 }
              b:
                address: http://127.0.0.1:9002
                capacity: 200
            hash: { key: "header:X-User-Id", balance-factor: 1.25 }
            health:
              passive: { consecutive-failures: 5, ejection: 30s, max-ejected-percent: 50 }
            slow-start: 30s
        fairness:
          tolerance: 0.2
        alerts:
          escalation:
            - { after: 0s, notify: [oncall] }
            - { after: 15m, notify: [oncall] }
          receivers:
            oncall: { webhook: http://127.0.0.1:5001/hook }
        """;

    [Theory]
    [InlineData("listen", 1, 1)]
    [InlineData("listen[0]", 1, 10)]
    [InlineData("admin", 2, 1)]
    [InlineData("admin.listen", 3, 11)]
    [InlineData("routes", 4, 1)]
    [InlineData("routes[0]", 5, 5)]
    [InlineData("routes[0].name", 5, 11)]
    [InlineData("routes[0].match", 6, 5)]
    [InlineData("routes[0].match.path", 6, 20)]
    [InlineData("routes[0].match.hosts[0]", 6, 41)]
    [InlineData("routes[0].cluster", 7, 14)]
    [InlineData("clusters", 8, 1)]
    [InlineData("clusters.web", 9, 3)]
    [InlineData("clusters.web.policy", 10, 13)]
    [InlineData("clusters.web.destinations", 11, 5)]
    [InlineData("clusters.web.destinations.a", 12, 7)]
    [InlineData("clusters.web.destinations.a.address", 12, 21)]
    [InlineData("clusters.web.destinations.a.weight", 12, 52)]
    [InlineData("clusters.web.destinations.b", 13, 7)]
    [InlineData("clusters.web.destinations.b.capacity", 15, 19)]
    [InlineData("clusters.web.hash", 16, 5)]
    [InlineData("clusters.web.hash.balance-factor", 16, 54)]
    [InlineData("clusters.web.health.passive", 18, 7)]
    [InlineData("clusters.web.health.passive.max-ejected-percent", 18, 79)]
    [InlineData("clusters.web.slow-start", 19, 17)]
    [InlineData("fairness.tolerance", 21, 14)]
    [InlineData("alerts.escalation[1]", 25, 7)]
    [InlineData("alerts.escalation[1].after", 25, 16)]
    [InlineData("alerts.escalation[1].notify[0]", 25, 30)]
    [InlineData("alerts.receivers.oncall", 27, 5)]
    [InlineData("alerts.receivers.oncall.webhook", 27, 24)]
    public void Every_present_setting_has_its_location(string key, int line, int column)
    {
        var source = Load(Yaml).Source;

        Assert.True(source.Locations.TryGetValue(key, out var location), $"no location for {key}");
        Assert.Equal((FileName, line, column), (location.File, location.Line, location.Column));
    }

    [Fact]
    public void Windows_line_endings_give_the_same_locations()
    {
        var unix = Load(Yaml).Source.Locations;
        var windows = Load(Yaml.ReplaceLineEndings("\r\n")).Source.Locations;

        Assert.Equal(unix.OrderBy(p => p.Key, StringComparer.Ordinal), windows.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Absent_settings_fall_back_to_the_nearest_present_parent()
    {
        var source = Load(Yaml).Source;

        Assert.False(source.Locations.ContainsKey("clusters.web.destinations.b.weight"));
        Assert.Equal(13, source.Find("clusters.web.destinations.b.weight").Line);
        Assert.Equal(17, source.Find("clusters.web.health.active.interval").Line);
    }

    [Fact]
    public void Only_settings_present_in_the_file_are_in_the_map()
    {
        var source = Load(Minimal).Source;

        Assert.Equal(
            new[] { "routes", "routes[0]", "routes[0].name", "routes[0].match", "routes[0].match.path", "routes[0].cluster",
                "clusters", "clusters.web", "clusters.web.destinations", "clusters.web.destinations.a", "clusters.web.destinations.a.address" }
                .Order(StringComparer.Ordinal),
            source.Locations.Keys.Order(StringComparer.Ordinal));
    }
}
