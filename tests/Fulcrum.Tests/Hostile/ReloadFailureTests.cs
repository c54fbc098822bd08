using System.Text.RegularExpressions;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Hostile;

/// <summary>
/// A reload that cannot even read the file (a directory in its place, too big, the watcher failing) is refused,
/// logged, journaled as config.refused, and the running config keeps serving: no background path ends the process.
/// </summary>
public sealed partial class ReloadFailureTests
{
    [Theory]
    [InlineData(nameof(ConfigTrigger.Signal))]
    [InlineData(nameof(ConfigTrigger.FileChange))]
    public async Task A_directory_in_place_of_the_config_is_refused_and_journaled_and_the_proxy_keeps_serving(string triggerName)
    {
        var trigger = Enum.Parse<ConfigTrigger>(triggerName);
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var serving = rig.Server.Gate.CurrentYaml;

        File.Delete(rig.ConfigPath);
        Directory.CreateDirectory(rig.ConfigPath);
        rig.Server.Reloader!.Reload(trigger);

        // The watcher may add a refusal of its own for the same change; the first is the one asked for.
        var refused = rig.Server.Journal.Read(kinds: [EventKinds.ConfigRefused]).First();
        Assert.Contains("cannot read", refused.Details, StringComparison.Ordinal);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
        Assert.All(await rig.SendAsync(10), status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task A_config_file_over_the_size_limit_is_refused_without_being_read_whole()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var serving = rig.Server.Gate.CurrentYaml;

        await File.WriteAllTextAsync(rig.ConfigPath, "# " + new string('x', 5 * 1024 * 1024));
        rig.Server.Reloader!.Reload(ConfigTrigger.Signal);

        var refused = rig.Server.Journal.Read(kinds: [EventKinds.ConfigRefused]).First();
        Assert.Contains("larger than the limit", refused.Details, StringComparison.Ordinal);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
    }

    [Fact]
    public async Task After_the_watcher_fails_it_watches_again_and_a_later_change_applies()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));

        rig.Server.Reloader!.OnWatcherError(new InternalBufferOverflowException("too many changes at once"));
        await rig.RewriteConfigAsync(Configs.Weighted("round-robin", 3, 1));

        await Poll.UntilAsync(() => rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight == 3, TimeSpan.FromSeconds(10), "the change after the watcher error");
    }

    [Fact]
    public async Task Sighup_with_a_directory_as_the_config_path_does_not_end_the_process()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-sighup-").FullName;
        var config = Path.Combine(folder, "fulcrum.yaml");
        await using var backend = await TestBackends.TestBackend.StartAsync(new TestBackends.TestBackendOptions { Name = "a" });
        await File.WriteAllTextAsync(config, Configs.OneCluster("round-robin", $"a: {{ address: \"{backend.Address}\" }}").Replace("{folder}", folder));
        await using var fulcrum = FulcrumProcess.Start("run", "-c", config, "--force");
        var text = await fulcrum.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(30));
        using var client = new HttpClient { BaseAddress = new Uri(ProxyAddress().Match(text).Groups[1].Value) };

        File.Delete(config);
        Directory.CreateDirectory(config);
        // Signal again every 5 s until the refusal is logged (60 s at most): reloads run on a nice-10 lane that a
        // saturated suite can hold back, and a SIGHUP that arrives while one is pending is merged into it. The
        // signal masks in the failure message say whether the process had a SIGHUP handler at all (a suite run under
        // nohup once passed SIGHUP down ignored: SigIgn bit 0x1; FulcrumProcess now resets it).
        var signals = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!fulcrum.Output.Contains("cannot read", StringComparison.Ordinal) && !fulcrum.HasExited && DateTime.UtcNow < deadline)
        {
            using (var hup = System.Diagnostics.Process.Start("kill", ["-HUP", fulcrum.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await hup.WaitForExitAsync();
            }
            signals++;
            var resend = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (!fulcrum.Output.Contains("cannot read", StringComparison.Ordinal) && !fulcrum.HasExited && DateTime.UtcNow < resend)
            {
                await Task.Delay(20);
            }
        }
        Assert.True(fulcrum.Output.Contains("cannot read", StringComparison.Ordinal),
            $"no refusal after {signals} SIGHUP(s); exited: {fulcrum.HasExited}; {SignalMasks(fulcrum.Id)}; output:\n{fulcrum.Output}");

        Assert.False(fulcrum.HasExited, fulcrum.Output);
        using var response = await client.GetAsync("/");
        Assert.Equal(200, (int)response.StatusCode);
    }

    /// <summary>The SigBlk/SigIgn/SigCgt lines of /proc/PID/status (SIGHUP is bit 0x1), for a failure message.</summary>
    private static string SignalMasks(int pid)
    {
        try
        {
            return string.Join(", ", File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("Sig", StringComparison.Ordinal)));
        }
        catch (IOException e)
        {
            return $"no /proc/{pid}/status ({e.Message})";
        }
    }

    [GeneratedRegex(@"fulcrum: proxy on (\S+),")]
    private static partial Regex ProxyAddress();
}
