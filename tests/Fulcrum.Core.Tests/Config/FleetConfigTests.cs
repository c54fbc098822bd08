using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>The <c>fleet</c> block: absent means one instance; the instance name expands <c>${VAR}</c>.</summary>
public class FleetConfigTests
{
    private const string Base = """
        routes:
          - { name: all, match: { path: "/{**rest}" }, cluster: web }
        clusters:
          web:
            destinations:
              a: { address: "http://127.0.0.1:9001" }
        """;

    [Fact]
    public void Without_a_fleet_block_the_instance_is_alone()
    {
        Assert.Null(ConfigLoader.Parse(Base, "f.yaml").Fleet);
    }

    [Fact]
    public void A_fleet_block_reads_every_setting_and_expands_the_instance_name()
    {
        var name = $"FULCRUM_TEST_INSTANCE_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(name, "edge-7");
        try
        {
            var config = ConfigLoader.Parse(Base + $"\nfleet: {{ store: postgres, connection-env: FULCRUM_STORE, instance: \"eu-${{{name}}}\", report-every: 5s, keep-versions: 20 }}", "f.yaml");

            Assert.Equal(new FleetConfig(FleetStoreKind.Postgres, "FULCRUM_STORE", "eu-edge-7", TimeSpan.FromSeconds(5), 20), config.Fleet);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Defaults_are_the_machine_name_and_pid_and_two_seconds()
    {
        var fleet = ConfigLoader.Parse(Base + "\nfleet: { store: postgres, connection-env: FULCRUM_STORE, instance: \"${FULCRUM_SURELY_UNSET_VARIABLE}\" }", "f.yaml").Fleet!;

        Assert.Equal(FleetConfig.DefaultInstance, fleet.Instance);
        Assert.Equal(TimeSpan.FromSeconds(2), fleet.ReportEvery);
        Assert.Equal(100, fleet.KeepVersions);
    }

    [Theory]
    [InlineData("fleet: { connection-env: FULCRUM_STORE }", "fleet.store")]
    [InlineData("fleet: { store: mysql, connection-env: FULCRUM_STORE }", "fleet.store")]
    [InlineData("fleet: { store: postgres }", "fleet.connection-env")]
    [InlineData("fleet: { store: postgres, connection-env: \"Host=db;Password=x\" }", "fleet.connection-env")]
    [InlineData("fleet: { store: postgres, connection-env: FULCRUM_STORE, report-every: 0 }", "fleet.report-every")]
    [InlineData("fleet: { store: postgres, connection-env: FULCRUM_STORE, report-evry: 2s }", "fleet")]
    [InlineData("fleet: { store: postgres, connection-env: FULCRUM_STORE, keep-versions: 0 }", "fleet.keep-versions")]
    public void Bad_fleet_settings_are_reported_at_their_key(string fleet, string key)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Base + "\n" + fleet, "f.yaml"));

        Assert.Contains(error.Errors, e => e.Field.StartsWith(key, StringComparison.Ordinal));
    }
}
