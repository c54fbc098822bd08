using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.TestBackends;
using Fulcrum.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Fulcrum.Tests.Journal;

/// <summary>
/// A restart takes the audit journaled with the same config text by the same build instead of simulating again
/// (<see cref="AuditReuse"/>), and audits afresh for changed text, another build, or a stored audit it cannot read.
/// Real servers on port 0 in turn over one journal file, a real backend, real HTTP through the proxy.
/// </summary>
public sealed class AuditReuseTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fulcrum-auditreuse-").FullName;
    private TestBackend _a = null!;
    private TestBackend _b = null!;

    private string ConfigPath => Path.Combine(_folder, "fulcrum.yaml");

    private string JournalPath => Path.Combine(_folder, "journal.db");

    public async Task InitializeAsync()
    {
        _a = await TestBackend.StartAsync(new TestBackendOptions { Name = "a" });
        _b = await TestBackend.StartAsync(new TestBackendOptions { Name = "b" });
        await File.WriteAllTextAsync(ConfigPath, Config(""));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_restart_with_the_same_text_and_build_reuses_the_journaled_audit()
    {
        var first = await StartAndStopAsync();
        var second = await StartAndStopAsync();

        Assert.True(first.SimulatedClusters > 0, "the first start must simulate, or the second one's 0 proves nothing");
        Assert.Null(first.ReuseLine);
        Assert.Equal(0, second.SimulatedClusters);
        Assert.Contains($"audit reused from journal config #{first.ConfigId}", second.ReuseLine, StringComparison.Ordinal);
        Assert.Contains($"audit: reused from journal config #{first.ConfigId}", second.AppliedDetails, StringComparison.Ordinal);
        // The result is the same audit (no health check: FUL009) both times.
        Assert.Contains("FUL009", first.StoredAudit, StringComparison.Ordinal);
        Assert.Equal(first.StoredAudit, second.StoredAudit);
    }

    [Fact]
    public async Task The_first_reload_after_a_reused_audit_simulates_only_the_cluster_it_changes()
    {
        await File.WriteAllTextAsync(ConfigPath, TwoClusters(weightOfB: 1));
        var first = await StartAndStopAsync();
        Assert.Equal(2, first.SimulatedClusters);

        await using var server = await FulcrumServer.StartAsync(Options(new CapturingLoggerProvider(), build: null));
        var runtime = server.Services.GetRequiredService<FulcrumRuntime>();
        Assert.Equal(0, runtime.SimulatedClusters);
        var changed = TwoClusters(weightOfB: 3);
        var reload = server.Gate.TryApply(ConfigLoader.Parse(changed, ConfigPath), changed, ConfigTrigger.FileChange, force: false);

        Assert.True(reload.Applied, reload.Message);
        // Without the journaled predictions the incremental audit would start empty and simulate both clusters.
        Assert.Equal(1, runtime.SimulatedClusters);
        using var client = new HttpClient { BaseAddress = server.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_changed_config_text_is_audited_again()
    {
        var first = await StartAndStopAsync();
        await File.WriteAllTextAsync(ConfigPath, Config("# one comment more: other bytes, same meaning\n"));

        var second = await StartAndStopAsync();

        Assert.True(second.SimulatedClusters > 0);
        Assert.Null(second.ReuseLine);
        Assert.DoesNotContain("audit: reused", second.AppliedDetails, StringComparison.Ordinal);
        Assert.Equal(first.StoredAudit, second.StoredAudit);
    }

    [Fact]
    public async Task Another_build_audits_again_and_then_reuses_its_own_audit()
    {
        await StartAndStopAsync();

        var other = await StartAndStopAsync(new AuditBuild("another build"));
        var otherAgain = await StartAndStopAsync(new AuditBuild("another build"));

        Assert.True(other.SimulatedClusters > 0);
        Assert.Null(other.ReuseLine);
        Assert.Equal(0, otherAgain.SimulatedClusters);
        Assert.Contains($"audit reused from journal config #{other.ConfigId}", otherAgain.ReuseLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_that_cannot_name_itself_always_audits()
    {
        await StartAndStopAsync(new AuditBuild(Identity: null));

        var again = await StartAndStopAsync(new AuditBuild(Identity: null));

        Assert.True(again.SimulatedClusters > 0);
        Assert.Null(again.ReuseLine);
    }

    [Fact]
    public async Task A_stored_audit_that_does_not_read_is_not_trusted()
    {
        var first = await StartAndStopAsync();
        using (var connection = new SqliteConnection($"Data Source={JournalPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE config_history SET audit = '[{\"ruleId\": 7' WHERE id = $id";
            command.Parameters.AddWithValue("$id", first.ConfigId);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var second = await StartAndStopAsync();

        Assert.True(second.SimulatedClusters > 0);
        Assert.Null(second.ReuseLine);
        Assert.Contains(second.Logs, l => l.Message.Contains("the journaled audit could not be read", StringComparison.Ordinal));
        Assert.Equal(first.StoredAudit, second.StoredAudit);
    }

    private string Config(string extra) => Yaml(routes: "", clusters: "", extra);

    // Two clusters over the same two backends, both simulated (more than one destination each); only `api` changes.
    private string TwoClusters(int weightOfB) => Yaml(
        routes: """
              - { name: api, match: { path: "/api/{**rest}" }, cluster: api }
            """,
        clusters: $$"""
              api:
                policy: round-robin
                destinations:
                  a: { address: {{_a.Address}}, weight: 1 }
                  b: { address: {{_b.Address}}, weight: {{weightOfB}} }
            """,
        extra: "");

    // The web route and cluster, then the given routes and clusters (YAML indented as they go in).
    private string Yaml(string routes, string clusters, string extra) => $$"""
        listen: [http://127.0.0.1:0]
        admin: { listen: http://127.0.0.1:0 }
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
        {{routes}}
        clusters:
          web:
            policy: round-robin
            destinations:
              a: { address: {{_a.Address}} }
              b: { address: {{_b.Address}} }
        {{clusters}}
        journal: { path: {{JournalPath}} }
        {{extra}}
        """;

    private FulcrumServerOptions Options(CapturingLoggerProvider logs, AuditBuild? build) => new()
    {
        ConfigPath = ConfigPath,
        WatchConfig = false,
        ShutdownTimeout = TimeSpan.FromSeconds(5),
        ExtraLogger = logs,
        AuditBuild = build,
    };

    /// <summary>Starts a server on the config file, proxies one request through it, stops it, and reads what it journaled.</summary>
    private async Task<Start> StartAndStopAsync(AuditBuild? build = null)
    {
        var logs = new CapturingLoggerProvider();
        int simulated;
        await using (var server = await FulcrumServer.StartAsync(Options(logs, build)))
        {
            using var client = new HttpClient { BaseAddress = server.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var response = await client.GetAsync("/");
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            simulated = server.Services.GetRequiredService<FulcrumRuntime>().SimulatedClusters;
        }
        using var journal = new EventJournal(JournalPath, TimeProvider.System);
        var latest = journal.LatestConfig()!;
        var applied = journal.Read(kinds: [EventKinds.ConfigApplied]).Single(e => e.Id == latest.EventId);
        using var connection = new SqliteConnection($"Data Source={JournalPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT audit FROM config_history WHERE id = $id";
        command.Parameters.AddWithValue("$id", latest.Id);
        var stored = command.ExecuteScalar() as string;
        var reuseLine = logs.Lines.Select(l => l.Message).FirstOrDefault(m => m.Contains("audit reused from journal config", StringComparison.Ordinal));
        return new Start(latest.Id, simulated, reuseLine, applied.Details ?? "", stored, logs.Lines.ToArray());
    }

    private sealed record Start(long ConfigId, int SimulatedClusters, string? ReuseLine, string AppliedDetails, string? StoredAudit, IReadOnlyList<LogLine> Logs);
}
