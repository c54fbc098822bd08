using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>
/// The postmortem's corrective actions: the audit of the config that was serving at a time — the incident's start,
/// so the config that caused it and not the rollback that ended it — the newest one the journal's config history
/// recorded by then, else the -c file, as one line per finding.
/// </summary>
internal static class ServingConfigAudit
{
    /// <summary>Error and warning findings (infos are not actions), and a sentence saying which config was audited.</summary>
    public static async Task<Incidents.AuditedConfig> AuditAsync(JournalSession session, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (config, source) = ServingConfig(session, at, await session.ConfigAppliedBy(at, cancellationToken));
        var findings = AuditEngine.Run(config).Findings
            .Where(f => f.Severity is AuditSeverity.Error or AuditSeverity.Warning)
            .Select(Line)
            .ToList();
        return new Incidents.AuditedConfig(findings, source);
    }

    private static (FulcrumConfig Config, string Source) ServingConfig(JournalSession session, DateTimeOffset end, ConfigRecord? appliedBy)
    {
        if (appliedBy is not { } record)
        {
            return (session.Config, $"{session.ConfigPath} (the journal holds no config applied by {end.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)");
        }
        var name = session.Config.Fleet is null ? $"journal config #{record.Id}" : $"fleet config version {record.Id}";
        try
        {
            // Relative paths in it resolve as they did for the proxy: next to the config file.
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(session.ConfigPath)) ?? Directory.GetCurrentDirectory();
            return (ConfigLoader.Parse(record.Yaml, name, baseDirectory), $"{name}, applied {record.AppliedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
        }
        catch (ConfigException e)
        {
            // A config written by another Fulcrum version may not load in this one: the file on disk is the next best thing.
            return (session.Config, $"{session.ConfigPath} ({name} no longer loads: {e.Errors[0]})");
        }
    }

    /// <summary>
    /// The newest recorded config applied at or before <paramref name="end"/>. Config ids only grow, so walk back from
    /// the latest; a pruned id ends the walk.
    /// </summary>
    public static ConfigRecord? AppliedBy(EventJournal journal, DateTimeOffset end)
    {
        for (var record = journal.LatestConfig(); record is not null; record = record.Id > 1 ? journal.GetConfig(record.Id - 1) : null)
        {
            if (record.AppliedAt <= end)
            {
                return record;
            }
        }
        return null;
    }

    /// <summary>"FUL001 error web/a (fulcrum.yaml:12:18): message".</summary>
    private static string Line(AuditFinding f)
    {
        var scope = f.Cluster is null ? "" : f.Destination is null ? $"{f.Cluster} " : $"{f.Cluster}/{f.Destination} ";
        return $"{f.RuleId} {AuditSeverities.Name(f.Severity)} {scope}({Path.GetFileName(f.Location.File)}:{f.Location.Line}:{f.Location.Column}): {f.Message}";
    }
}
