using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;
using Fulcrum.Journal;

namespace Fulcrum.Operations;

/// <summary>
/// Writes what happens to the journal: configs applied (with a readable diff), refused (with errors and findings),
/// forced and rolled back (each with who asked and why, when known); health changes, ejections and returns, panic. Keeps the config history that rollback
/// reads: a config that served without an alert firing is marked clean when it is replaced.
/// </summary>
internal sealed class JournalBridge
{
    private readonly EventJournal _journal;
    private readonly Func<bool> _alertFiredDuringCurrentConfig;
    private long? _currentConfigId;

    public JournalBridge(EventJournal journal, Func<bool> alertFiredDuringCurrentConfig)
    {
        _journal = journal;
        _alertFiredDuringCurrentConfig = alertFiredDuringCurrentConfig;
    }

    /// <summary>The config history id of the config serving now.</summary>
    public long? CurrentConfigId => _currentConfigId;

    /// <summary>Raised after the serving config changed (alert bookkeeping restarts).</summary>
    public event Action? ConfigChanged;

    public void OnApplied(FulcrumConfig? previous, FulcrumConfig config, string yaml, ApplyResult result, ConfigTrigger trigger)
    {
        if (_currentConfigId is { } replaced && !_alertFiredDuringCurrentConfig())
        {
            _journal.MarkConfigClean(replaced);
        }
        var changes = previous is null ? [] : ConfigDiff.Compare(previous, config);
        var diff = previous is null
            ? "initial config"
            : changes.Count == 0 ? "no change" : string.Join(Environment.NewLine, changes.Select(c => c.Description));
        var kind = trigger == ConfigTrigger.Rollback ? EventKinds.ConfigRollback : EventKinds.ConfigApplied;
        var by = result.Actor is { } actor ? $" {actor.Describe()}" : "";
        var headline = trigger == ConfigTrigger.Rollback
            ? $"rolled back to the last config that served cleanly{by}"
            : $"config applied ({Describe(trigger)}){(result.Forced ? "" : by)}";
        var summary = previous is null || changes.Count == 0
            ? headline
            : $"{headline}: {string.Join("; ", changes.Take(4).Select(c => c.Description))}{(changes.Count > 4 ? $"; +{changes.Count - 4} more" : "")}";
        if (result.Forced)
        {
            summary += $" (FORCED past {result.Findings.Count(f => f.IsError)} error-level audit finding(s){(trigger == ConfigTrigger.Rollback ? "" : by)})";
        }
        // The forced note goes first so the change itself is the latest config event: incident windows and
        // alert causes start from it.
        if (result.Forced)
        {
            _journal.Append(JournalEvent.Create(EventKinds.ConfigForced, $"config forced past the audit{by}",
                details: string.Join(Environment.NewLine, result.Findings.Where(f => f.IsError))));
        }
        if (result.AuditReusedFrom is { } reusedFrom)
        {
            diff += $"{Environment.NewLine}audit: reused from journal config #{reusedFrom} (same text, same build); not simulated again";
        }
        var id = _journal.Append(JournalEvent.Create(kind, summary, details: diff));
        _currentConfigId = _journal.RecordConfig(yaml, id, result.AuditKey, result.AuditKey is null ? null : AuditText.Write(result.Findings, result.Predictions));
        ConfigChanged?.Invoke();
    }

    public void OnRefused(ApplyResult result, ConfigTrigger trigger, string source)
    {
        var reasons = result.Errors.Select(e => e.ToString())
            .Concat(result.Findings.Where(f => f.IsError).Select(f => f.ToString()))
            .ToArray();
        _journal.Append(JournalEvent.Create(EventKinds.ConfigRefused,
            $"config from {source} refused ({Describe(trigger)}): {reasons.Length} reason(s); the running config keeps serving",
            // A refusal with no itemized reason (the file could not be read) still says why.
            details: reasons.Length == 0 ? result.Message : string.Join(Environment.NewLine, reasons)));
    }

    public void OnBalancerEvent(BalancerEvent e)
    {
        var kind = e.Kind switch
        {
            BalancerEventKind.Ejected => EventKinds.DestinationEjected,
            BalancerEventKind.Returned => EventKinds.DestinationReturned,
            BalancerEventKind.HealthChanged => EventKinds.HealthChanged,
            BalancerEventKind.PanicEntered => EventKinds.PanicEntered,
            BalancerEventKind.PanicExited => EventKinds.PanicExited,
            _ => null,
        };
        if (kind is not null)
        {
            // Balancer events can come from the request path (an ejection): queue, never block.
            _journal.TryEnqueue(JournalEvent.Create(kind, e.Detail, e.Cluster, e.Destination, time: e.At));
        }
    }

    private static string Describe(ConfigTrigger trigger) => trigger switch
    {
        ConfigTrigger.Startup => "at start",
        ConfigTrigger.FileChange => "file changed",
        ConfigTrigger.Signal => "SIGHUP",
        ConfigTrigger.AdminApi => "POST /api/config",
        ConfigTrigger.Rollback => "rollback",
        ConfigTrigger.YarpConfig => "YARP config source",
        ConfigTrigger.Fleet => "fleet store",
        _ => trigger.ToString(),
    };
}
