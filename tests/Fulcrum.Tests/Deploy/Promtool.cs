using System.Diagnostics;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>Runs the real <c>promtool check metrics</c> over a scrape, as Prometheus' own linter judges it.</summary>
internal static class Promtool
{
    /// <summary>Fails the test when promtool finds problems; on a machine without it, says so (and fails on CI).</summary>
    public static async Task AssertMetricsPassAsync(string scrape, ITestOutputHelper output)
    {
        var promtool = ExternalTool.Require("promtool", "prometheus", output);
        if (promtool is null)
        {
            return;
        }
        using var process = Process.Start(new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        var problems = await process.StandardError.ReadToEndAsync() + await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine(problems);
        Assert.True(process.ExitCode == 0, $"promtool check metrics failed:\n{problems}");
    }
}
