using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>
/// Runs a real command-line tool (promtool, amtool, systemd-analyze) and captures what it printed. Tools come from
/// Debian packages that ./test.sh installs; a missing tool fails the test under CI=true and is skipped (reported,
/// not silently passed as checked) on a developer machine.
/// </summary>
internal static class ExternalTool
{
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tool's full path on PATH, or null (after failing the test when on CI).</summary>
    public static string? Require(string name, string debianPackage, ITestOutputHelper output)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (found is null)
        {
            var message = $"{name} is not on PATH: apt-get install -y {debianPackage} (./test.sh does this)";
            Assert.False(OnCi, message);
            output.WriteLine("NOT CHECKED: " + message);
        }
        return found;
    }

    public static Task<ToolResult> RunAsync(string path, IEnumerable<string> arguments, string workingDirectory) =>
        RunAsync(path, arguments, workingDirectory, TimeSpan.FromMinutes(1));

    public static async Task<ToolResult> RunAsync(string path, IEnumerable<string> arguments, string workingDirectory, TimeSpan limit)
    {
        var info = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {path}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} did not finish within {limit.TotalMinutes:0.#} min");
        }
        output.Append(await stdout).Append(await stderr);
        return new ToolResult(process.ExitCode, output.ToString());
    }
}
