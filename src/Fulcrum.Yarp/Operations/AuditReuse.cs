using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>
/// A restart does not simulate again what it simulated before: each applied config's findings are journaled under a
/// key (SHA-256 of the build, the file's full path — relative paths in it resolve from there — and the config text);
/// a start whose key matches takes those findings and runs again only the rules that read outside the config
/// (certificate files, the clock). Any doubt audits afresh: no build identity, no stored result, a journal that
/// cannot be read, findings that do not parse.
/// </summary>
internal sealed partial class AuditReuse(EventJournal journal, AuditBuild build, ILogger<AuditReuse> logger)
{
    /// <summary>The key a config's audit is stored under; null when this build cannot name itself.</summary>
    public string? KeyOf(FulcrumConfig config, string yaml)
    {
        if (build.Identity is null)
        {
            return null;
        }
        return ServingConfig.Hash($"{build.Identity}\n{Path.GetFullPath(config.Source.File)}\n{yaml}");
    }

    /// <summary>
    /// The findings journaled under <paramref name="key"/>, with the outside-reading rules' findings taken fresh, the
    /// share predictions journaled with them, and the config id they were journaled with; null when there is nothing to reuse.
    /// </summary>
    public (IReadOnlyList<AuditIssue> Findings, IReadOnlyList<SharePrediction> Predictions, long ConfigId)? TryReuse(string? key, FulcrumConfig config)
    {
        if (key is null)
        {
            return null;
        }
        try
        {
            if (journal.FindAudit(key) is not { } stored)
            {
                return null;
            }
            var (findings, predictions) = AuditText.Read(stored.Findings);
            var kept = findings.Where(f => !ConfigAudit.ReadsOutsideConfig(f.RuleId));
            var fresh = ConfigAudit.OutsideInputs(config);
            return (Ordered(kept.Concat(fresh)), predictions, stored.ConfigId);
        }
        catch (Exception e) when (e is JournalException or FormatException or OverflowException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            LogUnreadable(logger, e.Message);
            return null;
        }
    }

    // The order the engine gives (file position, then rule id), so a reused result reads like a fresh one.
    private static AuditIssue[] Ordered(IEnumerable<AuditIssue> findings) =>
        findings
            .OrderBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToArray();

    [LoggerMessage(Level = LogLevel.Warning, Message = "the journaled audit could not be read ({Reason}); auditing the config again")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
