using Fulcrum.Core.Alerting;
using Fulcrum.Journal;

namespace Fulcrum.Operations;

/// <summary>
/// The cause of an alert: the most recent journaled change that could explain it — a config change that moved
/// the expected split, an ejection or return, a health transition, panic — no later than shortly after the
/// alert's condition began.
/// </summary>
internal sealed class AlertCauseFinder(EventJournal journal)
{
    private static readonly string[] Explanations =
    [
        EventKinds.ConfigApplied, EventKinds.ConfigForced, EventKinds.ConfigRollback, EventKinds.DestinationEjected,
        EventKinds.DestinationReturned, EventKinds.HealthChanged, EventKinds.PanicEntered,
    ];

    // The condition is noticed a little after its cause (a sampling period, a probe): look slightly past it.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public AlertCause? Find(AlertCandidate candidate)
    {
        var cause = journal.FindLatest(Explanations, candidate.Cluster, candidate.Since + Slack);
        // A forced apply is journaled as the change plus a "forced" note; the change itself is the cause.
        if (cause is { Kind: EventKinds.ConfigForced })
        {
            cause = journal.FindLatest([EventKinds.ConfigApplied, EventKinds.ConfigRollback], candidate.Cluster, cause.Time.AddTicks(1)) ?? cause;
        }
        return cause is null ? null : new AlertCause(cause.Time, cause.Kind, $"{cause.Kind} #{cause.Id}: {cause.ScopedSummary}");
    }

    /// <summary>The journal event a cause written by <see cref="Find"/> names ("config.applied #8: …"), or null.</summary>
    public static (string Kind, long Id)? EventOf(string cause)
    {
        var hash = cause.IndexOf(" #", StringComparison.Ordinal);
        var colon = hash < 0 ? -1 : cause.IndexOf(':', hash);
        return colon > hash + 2 && long.TryParse(cause.AsSpan(hash + 2, colon - hash - 2), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var id) && Explanations.Contains(cause[..hash])
            ? (cause[..hash], id)
            : null;
    }
}
