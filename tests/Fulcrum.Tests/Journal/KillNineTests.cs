using System.Diagnostics;
using Fulcrum.Journal;

namespace Fulcrum.Tests.Journal;

/// <summary>
/// An event whose id Append returned must survive the process being killed with SIGKILL. A child process
/// (tests/JournalCrashHelper) appends and prints ids; we kill it mid-stream and look for every printed id.
/// </summary>
public sealed class KillNineTests : IDisposable
{
    private readonly TempJournalDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Every_id_printed_after_Append_returned_is_in_the_file_after_kill_9()
    {
        var printed = new List<long>();
        using var child = StartHelper(dir.DbPath);
        try
        {
            Assert.Equal("ready", await ReadLineWithDeadline(child, TimeSpan.FromSeconds(30)));
            while (printed.Count < 300)
            {
                var line = await ReadLineWithDeadline(child, TimeSpan.FromSeconds(30));
                printed.Add(long.Parse(line));
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true); // SIGKILL on Unix: no finalizers, no Dispose, no checkpoint
            await child.WaitForExitAsync();
        }
        Assert.NotEqual(0, child.ExitCode);
        // The child ran ahead of our reading: whatever it printed before it died is still in the pipe, and each of
        // those ids is a promise too — the last ones are the ones a lazy commit would lose.
        string? rest;
        while ((rest = await child.StandardOutput.ReadLineAsync()) is not null)
        {
            if (long.TryParse(rest, out var id))
            {
                printed.Add(id);
            }
        }

        using var journal = new EventJournal(dir.DbPath, TimeProvider.System);
        var kept = journal.Read(kinds: [EventKinds.ConfigApplied], limit: 1_000_000).Select(e => e.Id).ToHashSet();
        var lost = printed.Where(id => !kept.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged event(s) lost, first {string.Join(", ", lost.Take(5))}");
        // and the file is still a working journal after the crash
        var next = journal.Append(JournalEvent.Create(EventKinds.ProcessStarted, "after crash"));
        Assert.True(next > printed[^1]);
    }

    private static Process StartHelper(string dbPath)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "JournalCrashHelper.dll");
        Assert.True(File.Exists(helper), $"{helper} is missing: tests/Fulcrum.Tests must reference tests/JournalCrashHelper");
        var info = new ProcessStartInfo(DotnetHost(), [helper, dbPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the crash helper");
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static async Task<string> ReadLineWithDeadline(Process child, TimeSpan deadline)
    {
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(deadline);
        if (line is null)
        {
            throw new InvalidOperationException($"crash helper exited early: {await child.StandardError.ReadToEndAsync()}");
        }
        return line;
    }
}
