using System.CommandLine;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Audit.Formatting;
using Fulcrum.Core.Config;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum audit</c>: run the audit rules over a config and print the findings as text, JSON or SARIF.
/// Exit 0 clean (warnings allowed), 1 error-level findings, 2 unreadable or invalid config or bad usage.
/// </summary>
internal static class AuditCommand
{
    private static readonly string[] Groupings = ["cluster", "file"];

    public static Command Create()
    {
        var config = CliOptions.Config();
        var against = new Option<string?>("--against") { Description = "An older config: also show how each destination's predicted share moves from it." };
        var format = new Option<string>("--format", "-f") { Description = "Output: text, json or sarif.", DefaultValueFactory = _ => "text" };
        var groupBy = new Option<string>("--group-by") { Description = "Text output: group findings by cluster or file.", DefaultValueFactory = _ => "cluster" };
        var noColor = new Option<bool>("--no-color") { Description = "No ANSI colors in text output (they are off anyway when stdout is not a terminal)." };
        var live = new Option<string?>("--live") { Description = "Audit the config serving at this admin URL with its observed data (GET /api/audit/live) instead of a file." };
        var tokenEnv = new Option<string>("--token-env") { Description = "With --live: the environment variable holding the admin token.", DefaultValueFactory = _ => "FULCRUM_ADMIN_TOKEN" };
        var command = new Command("audit", "Audit a config for bias and risky settings; exit 0 clean, 1 error-level findings, 2 invalid config or bad usage.")
        {
            config, against, format, groupBy, noColor, live, tokenEnv,
        };
        command.SetAction((parse, cancellationToken) => parse.GetValue(live) is { } url
            ? LiveAsync(url, parse.GetValue(against), parse.GetValue(format)!, parse.GetValue(tokenEnv)!, cancellationToken)
            : Task.FromResult(Run(
            parse.GetValue(config)!,
            parse.GetValue(against),
            parse.GetValue(format)!,
            parse.GetValue(groupBy)!,
            parse.GetValue(noColor))));
        return command;
    }

    private static Task<int> LiveAsync(string url, string? against, string format, string tokenEnv, CancellationToken cancellationToken)
    {
        if (!AuditFormatters.Formats.Contains(format.ToLowerInvariant()))
        {
            return Task.FromResult(Usage($"--format: '{format}' is not a format; use one of {string.Join(", ", AuditFormatters.Formats)}"));
        }
        return against is not null
            ? Task.FromResult(Usage("--against compares two files; it does not combine with --live"))
            : LiveAudit.RunAsync(url, format.ToLowerInvariant(), tokenEnv, cancellationToken);
    }

    private static int Run(string path, string? againstPath, string format, string groupBy, bool noColor)
    {
        // Usage is checked before any file is read, so a typo costs nothing and is reported as such.
        if (!AuditFormatters.Formats.Contains(format.ToLowerInvariant()))
        {
            return Usage($"--format: '{format}' is not a format; use one of {string.Join(", ", AuditFormatters.Formats)}");
        }
        if (!Groupings.Contains(groupBy.ToLowerInvariant()))
        {
            return Usage($"--group-by: '{groupBy}' is not a grouping; use one of {string.Join(", ", Groupings)}");
        }
        if (!ValidateCommand.TryLoad(path, out var loaded))
        {
            return ExitCodes.InvalidConfig;
        }
        FulcrumConfig? old = null;
        if (againstPath is not null && !ValidateCommand.TryLoad(againstPath, out old))
        {
            return ExitCodes.InvalidConfig;
        }
        var report = AuditEngine.Run(loaded!, old);
        Console.Write(Render(report, format.ToLowerInvariant(), groupBy, noColor));
        return report.ExitCode;
    }

    private static string Render(AuditReport report, string format, string groupBy, bool noColor) => format switch
    {
        "json" => AuditFormatters.Json(report) + "\n",
        // Artifact URIs relative to where the command runs: the repository root in CI.
        "sarif" => AuditFormatters.Sarif(report, new SarifFormatOptions(SourceRoot: Directory.GetCurrentDirectory())) + "\n",
        _ => AuditFormatters.Text(report, new TextFormatOptions(
            string.Equals(groupBy, "file", StringComparison.OrdinalIgnoreCase) ? TextGrouping.File : TextGrouping.Cluster,
            Color: UseColor(noColor))),
    };

    /// <summary>Colors only for a person at a terminal: not when piped, not with --no-color or NO_COLOR (no-color.org).</summary>
    private static bool UseColor(bool noColor) =>
        !noColor && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"fulcrum audit: {message}");
        return ExitCodes.InvalidConfig;
    }
}
