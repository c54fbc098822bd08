using System.Text.RegularExpressions;
using Fulcrum.Journal;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;
using Xunit.Abstractions;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// kill -9 of the real proxy while it journals: a config apply is answered 200 only after its journal event is
/// committed, so every apply acknowledged before the kill must be in the journal afterwards.
/// </summary>
public sealed partial class CrashDurabilityTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_acknowledged_config_event_survives_kill_minus_9()
    {
        await using var a = await TestBackend.StartAsync(new TestBackendOptions { Name = "a" });
        await using var b = await TestBackend.StartAsync(new TestBackendOptions { Name = "b" });
        var folder = Directory.CreateTempSubdirectory("fulcrum-crash-").FullName;
        var path = Path.Combine(folder, "fulcrum.yaml");
        string Config(int weight) => Configs.Weighted("round-robin", weight, 1).Replace("{a}", a.Address.ToString()).Replace("{b}", b.Address.ToString()).Replace("{folder}", folder);
        await File.WriteAllTextAsync(path, Config(1));

        await using var fulcrum = FulcrumProcess.Start("run", "-c", path, "--force");
        var text = await fulcrum.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(30));
        using var admin = new HttpClient { BaseAddress = new Uri(AdminAddress().Match(text).Groups[1].Value) };

        var acknowledged = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var posting = Task.Run(async () =>
        {
            for (var i = 0; i < 10_000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var response = await admin.PostAsync("/api/config?force=true", new StringContent(Config(2 + (i % 5)), System.Text.Encoding.UTF8, "application/yaml"));
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        });
        await Poll.UntilAsync(() => Volatile.Read(ref acknowledged) >= 20, TimeSpan.FromSeconds(30), "20 acknowledged applies");
        await fulcrum.KillAsync(); // kill -9, mid-stream
        var acknowledgedBeforeKill = Volatile.Read(ref acknowledged);
        await posting;

        await using var journal = new EventJournal(Path.Combine(folder, "journal.db"), TimeProvider.System);
        var applied = journal.Read(limit: 100_000, kinds: [EventKinds.ConfigApplied]).Count;
        output.WriteLine($"{acknowledgedBeforeKill} applies acknowledged before kill -9; {applied} config.applied events in the journal (one more for the start)");
        Assert.True(applied >= acknowledgedBeforeKill + 1, $"{acknowledgedBeforeKill} acknowledged but only {applied - 1} journaled");
    }

    [GeneratedRegex(@"admin and dashboard on (\S+)")]
    private static partial Regex AdminAddress();
}
