using System.Diagnostics;
using Fulcrum.Core.Audit.Formatting;
using Xunit.Abstractions;
using static Fulcrum.Core.Tests.Audit.AuditTestHelper;

namespace Fulcrum.Core.Tests.Audit.Formatting;

/// <summary>
/// Validates the SARIF output with Microsoft's SARIF Multitool (the validator behind GitHub's SARIF support).
/// test.sh installs it and exports FULCRUM_SARIF_MULTITOOL; under CI=true a missing tool is a failure, locally
/// the test says why it did nothing. The tool prints one line per problem, "path(line,col): level CODE: text",
/// and exits 0 either way, so the test reads the lines.
/// </summary>
public class SarifMultitoolTests(ITestOutputHelper output)
{
    private const string ToolVariable = "FULCRUM_SARIF_MULTITOOL";

    private const string Config = """
        routes:
          - { name: web, match: { path: "/{**rest}" }, cluster: web }
          - { name: api, match: { path: "/api/{**rest}" }, cluster: web }
        clusters:
          web:
            policy: least-requests
            destinations:
              a: { address: http://10.0.0.5:8080, weight: 1, capacity: 100 }
              b: { address: http://10.0.0.5:8080, weight: 1, capacity: 300 }
              c: { address: http://10.0.0.7:8080, weight: 0 }
        fairness: { tolerance: 0.9 }
        """;

    [Fact]
    public void Sarif_output_passes_the_sarif_multitool_validator()
    {
        if (Tool() is not { } tool)
        {
            return;
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-sarif-").FullName;
        try
        {
            var report = AuditYaml(Config);
            Assert.Contains(report.Findings, f => f.Severity == Core.Audit.AuditSeverity.Error);
            var sarif = Path.Combine(folder, "fulcrum.sarif");
            File.WriteAllText(sarif, AuditFormatters.Sarif(report, new SarifFormatOptions(SourceRoot: folder)));

            var problems = Validate(tool, sarif, level: null);
            Assert.True(!problems.Any(IsError), "the validator reports errors:\n" + string.Join("\n", problems));

            // The tool silently skips a file it cannot deserialize; notes (e.g. "no snippet" per result) prove it read ours.
            var notes = Validate(tool, sarif, level: "Error;Warning;Note");
            Assert.Contains(notes, line => line.Contains(": note SARIF", StringComparison.Ordinal));

            // And it does catch a broken log, so the absence of errors above means something.
            var broken = Path.Combine(folder, "broken.sarif");
            File.WriteAllText(broken, File.ReadAllText(sarif).Replace("\"version\": \"2.1.0\",", "", StringComparison.Ordinal));
            Assert.Contains(Validate(tool, broken, level: null), IsError);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string? Tool()
    {
        var tool = Environment.GetEnvironmentVariable(ToolVariable);
        if (!string.IsNullOrEmpty(tool) && File.Exists(tool))
        {
            return tool;
        }
        var reason = $"{ToolVariable} is not set to an existing file ('{tool}'); run ./test.sh, which installs @microsoft/sarif-multitool";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }
        output.WriteLine("SKIPPED: " + reason);
        return null;
    }

    /// <summary>
    /// npm's sarif-multitool launcher is a node script that re-runs its arguments through /bin/sh, where the
    /// semicolons of a level list would end the command; the native binary takes them as they are.
    /// </summary>
    private static bool RunsThroughShell(string tool)
    {
        using var reader = new StreamReader(tool);
        var buffer = new char[64];
        var first = new string(buffer, 0, reader.Read(buffer, 0, buffer.Length));
        return first.StartsWith("#!", StringComparison.Ordinal) && first.Contains("node", StringComparison.Ordinal);
    }

    private static bool IsError(string line) => line.Contains(": error ", StringComparison.Ordinal);

    /// <summary>Runs <c>validate</c> and returns the lines that report a problem in <paramref name="file"/>.</summary>
    private List<string> Validate(string tool, string file, string? level)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate");
        if (level is not null)
        {
            start.ArgumentList.Add("--level");
            start.ArgumentList.Add(RunsThroughShell(tool) ? $"'{level}'" : level);
        }
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "sarif-multitool did not finish within 2 minutes");
        output.WriteLine($"$ {tool} validate {(level is null ? "" : "--level " + level + " ")}{file}\n{stdout}{stderr.Result}");
        Assert.Contains("Done. 1 files scanned.", stdout);
        return stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(file, StringComparison.Ordinal)).ToList();
    }
}
