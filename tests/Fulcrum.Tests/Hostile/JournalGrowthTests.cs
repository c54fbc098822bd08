using System.Net;
using System.Text;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Hostile;

/// <summary>Refusing huge or error-laden configs costs the journal a bounded few KiB, never the config's size.</summary>
public sealed class JournalGrowthTests
{
    [Fact]
    public async Task Refusing_a_10_MB_config_adds_less_than_100_KB_to_the_journal()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var before = await JournalBytesAsync(rig);

        using var response = await rig.Admin.PostAsync("/api/config", RouteValidationTests.Yaml("# " + new string('x', 10 * 1024 * 1024)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.InRange(await JournalBytesAsync(rig) - before, 0, 100 * 1024);
    }

    [Fact]
    public async Task Refusing_a_10_MB_config_file_on_reload_adds_less_than_100_KB_to_the_journal()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var before = await JournalBytesAsync(rig);
        // The watched file itself (not the admin API, which answers 413 before reading): a valid config and 10 MB more.
        await File.WriteAllTextAsync(rig.ConfigPath, rig.Fill(Configs.Weighted("round-robin", 1)) + "\n# " + new string('x', 10 * 1024 * 1024) + "\n");

        rig.Server.Reloader!.Reload(ConfigTrigger.Signal);

        Assert.Single(rig.Server.Journal.Read(kinds: [EventKinds.ConfigRefused]));
        Assert.InRange(await JournalBytesAsync(rig) - before, 0, 100 * 1024);
    }

    [Fact]
    public async Task Refusing_a_3_MB_config_with_hundreds_of_long_errors_adds_less_than_100_KB_and_keeps_a_marker()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var before = await JournalBytesAsync(rig);
        // 400 clusters whose policy is a 7 KB unknown word: each error quotes it (bounded), hundreds of them.
        var yaml = new StringBuilder(rig.Fill(Configs.Weighted("round-robin", 1)));
        var junk = new string('q', 7000);
        yaml.Append("\nfairness: { tolerance: 0.1 }\n");
        var text = yaml.ToString().Replace("clusters:\n", "clusters:\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"  c{i}:\n    policy: {junk}\n    destinations: {{ a: {{ address: \"http://127.0.0.1:1\" }} }}\n")), StringComparison.Ordinal);

        using var response = await rig.Admin.PostAsync("/api/config", RouteValidationTests.Yaml(text));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.InRange(await JournalBytesAsync(rig) - before, 0, 100 * 1024);
        var refused = Assert.Single(rig.Server.Journal.Read(kinds: [EventKinds.ConfigRefused]));
        Assert.Contains(JournalText.TruncatedMarker, refused.Details, StringComparison.Ordinal);
        Assert.Matches("sha256 [0-9a-f]{64}\\]$", refused.Details);
    }

    private static async Task<long> JournalBytesAsync(ProxyRig rig)
    {
        await rig.Server.Journal.FlushAsync();
        var path = Path.Combine(rig.Folder, "journal.db");
        return new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
    }
}
