using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Audit.Live;

/// <summary>
/// Audits the serving config with observed data, again and again: remembers the observed shares of the previous
/// audit (what FUL028 compares with) and which findings it already reported, so each run says which are new.
/// Thread-safe: the scheduled audit and an on-demand one may run at once.
/// </summary>
public sealed class LiveAuditor
{
    private readonly AuditEngine _engine;
    private readonly Lock _lock = new();
    private ObservedShares? _previous;
    private HashSet<string> _reported = new(StringComparer.Ordinal);

    public LiveAuditor(AuditEngine? engine = null)
    {
        _engine = engine ?? AuditEngine.Default;
    }

    /// <summary>
    /// Audits <paramref name="serving"/> with the monitor's <paramref name="clusters"/> and the file on disk. When
    /// <paramref name="remember"/> (the scheduled audit), the shares and findings become the baseline of the next run;
    /// an on-demand audit compares with that baseline and leaves it as it is.
    /// </summary>
    public LiveAuditResult Run(FulcrumConfig serving, IReadOnlyList<ClusterSnapshot> clusters, DiskConfig disk, DateTimeOffset now, bool remember)
    {
        ArgumentNullException.ThrowIfNull(serving);
        lock (_lock)
        {
            var observation = new LiveObservation(clusters) { OnDisk = disk.Config, OnDiskError = disk.Error, Previous = _previous };
            var report = _engine.AuditLive(serving, observation);
            var keys = report.Findings.Select(Key).ToHashSet(StringComparer.Ordinal);
            var fresh = report.Findings.Where(f => !_reported.Contains(Key(f))).ToArray();
            if (remember)
            {
                _previous = ObservedShares.From(now, clusters, serving.Fairness.MinRequests);
                _reported = keys;
            }
            return new LiveAuditResult(report, fresh);
        }
    }

    /// <summary>A finding is "the same" across runs when the rule, the cluster and the destination are (its numbers move).</summary>
    private static string Key(AuditFinding finding) => $"{finding.RuleId}\n{finding.Cluster}\n{finding.Destination}";
}

/// <summary>A live audit's report and the findings the previous scheduled audit did not report.</summary>
public sealed record LiveAuditResult(AuditReport Report, IReadOnlyList<AuditFinding> New);

/// <summary>The config in the file on disk: none (nothing to compare with), loaded, or why it could not be.</summary>
public sealed record DiskConfig(FulcrumConfig? Config, string? Error)
{
    public static DiskConfig None { get; } = new(null, null);

    /// <summary>Loads <paramref name="path"/>; an unreadable or invalid file becomes <see cref="Error"/>, never an exception.</summary>
    public static DiskConfig Load(string? path)
    {
        if (path is null)
        {
            return None;
        }
        try
        {
            return new DiskConfig(ConfigLoader.LoadFile(path), null);
        }
        catch (ConfigException e)
        {
            return new DiskConfig(null, $"{path} does not load: {e.Errors.FirstOrDefault()?.ToString() ?? e.Message}");
        }
    }
}
