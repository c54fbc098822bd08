using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Fulcrum.Tests.Deploy;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// The JIT single-file install of docs/operations.md, step by step: publish the self-contained single file, copy it
/// alone into an empty folder, and run <c>fulcrum demo</c> (until it answers) and <c>fulcrum timeline</c> from there — no .NET
/// install, no files next to it. Slow (a full self-contained publish), so it runs once in one test.
/// </summary>
public sealed partial class SingleFileInstallTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Published_single_file_runs_demo_and_timeline_alone_in_an_empty_folder()
    {
        var work = Directory.CreateTempSubdirectory("fulcrum-install-").FullName;
        var publish = Path.Combine(work, "publish");
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var published = await ExternalTool.RunAsync(dotnet,
            ["publish", Path.Combine(RepositoryRoot.Path, "src", "Fulcrum"), "-p:PublishProfile=linux-x64", "-o", publish], RepositoryRoot.Path, TimeSpan.FromMinutes(15));
        Assert.True(published.ExitCode == 0, published.Output);

        // The executable alone: nothing from the publish folder or the build comes along.
        var install = Directory.CreateDirectory(Path.Combine(work, "install")).FullName;
        var fulcrum = Path.Combine(install, "fulcrum");
        File.Copy(Path.Combine(publish, "fulcrum"), fulcrum);
        Assert.Equal(["fulcrum"], Directory.GetFiles(install).Select(Path.GetFileName));
        var temp = Directory.CreateDirectory(Path.Combine(work, "tmp")).FullName;

        using (var demo = Start(fulcrum, install, temp, "demo", "--listen", "http://127.0.0.1:0", "--admin", "http://127.0.0.1:0", "--rate", "5"))
        {
            try
            {
                await Poll.UntilAsync(() => demo.Output.Contains("fulcrum: proxy on", StringComparison.Ordinal) || demo.Process.HasExited,
                    TimeSpan.FromSeconds(60), "the demo to start");
                var proxy = ProxyAddress().Match(demo.Output).Groups[1].Value;
                Assert.True(proxy.Length > 0, demo.Output);
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var response = await client.GetAsync(proxy);
                Assert.Equal(200, (int)response.StatusCode);
            }
            finally
            {
                using var term = Process.Start("kill", ["-TERM", demo.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await demo.Process.WaitForExitAsync(exit.Token);
                output.WriteLine(demo.Output);
            }
        }

        // The demo journals into the temp folder; a config naming that journal lets timeline read it.
        var journal = Path.Combine(temp, "fulcrum-demo-journal.db");
        Assert.True(File.Exists(journal), "the demo wrote no journal at " + journal);
        await File.WriteAllTextAsync(Path.Combine(install, "fulcrum.yaml"), $$"""
            routes: [{ name: all, match: { path: "/{**rest}" }, cluster: web }]
            clusters: { web: { destinations: { a: { address: "http://127.0.0.1:1" } } } }
            journal: { path: "{{journal}}" }
            """);
        using var timeline = Start(fulcrum, install, temp, "timeline", "--since", "1h");
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await timeline.Process.WaitForExitAsync(done.Token);
        timeline.Process.WaitForExit();
        output.WriteLine(timeline.Output);
        Assert.True(timeline.Process.ExitCode == 0, timeline.Output);
        Assert.Contains("config", timeline.Output, StringComparison.OrdinalIgnoreCase);
    }

    private static Running Start(string executable, string folder, string temp, params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // No .NET from the test run may leak in: the single file must bring its own runtime.
        info.Environment.Remove("DOTNET_ROOT");
        info.Environment.Remove("DOTNET_HOST_PATH");
        info.Environment["TMPDIR"] = temp;
        return new Running(Process.Start(info)!);
    }

    private sealed class Running : IDisposable
    {
        private readonly StringBuilder _output = new();

        public Running(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }
            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    [GeneratedRegex(@"fulcrum: proxy on (\S+),")]
    private static partial Regex ProxyAddress();
}
