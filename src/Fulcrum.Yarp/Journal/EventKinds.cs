namespace Fulcrum.Journal;

/// <summary>
/// The kinds of journal events. The strings are stored in the journal file and shown by
/// <c>fulcrum timeline</c> and <c>GET /api/events</c>: extend this list, never rename an entry.
/// </summary>
internal static class EventKinds
{
    /// <summary>A config was applied. Details: a readable diff against the previous config.</summary>
    public const string ConfigApplied = "config.applied";
    /// <summary>A config was refused (parse, validation or audit). Details: the errors or findings.</summary>
    public const string ConfigRefused = "config.refused";
    /// <summary>A config with error-level findings was applied because the operator forced it. Details: the findings.</summary>
    public const string ConfigForced = "config.forced";
    /// <summary>The running config was rolled back to the last one that served cleanly. Details: the diff.</summary>
    public const string ConfigRollback = "config.rollback";
    /// <summary>A reload changed settings bound at start (listeners, journal, receivers): they wait for a restart.</summary>
    public const string ConfigRestartNeeded = "config.restart-needed";
    /// <summary>
    /// A posted config was answered by another one's apply: superseded by a later post while it waited (not applied),
    /// or identical to one already waiting (shared its apply). Details: the answer the caller got.
    /// </summary>
    public const string ConfigCoalesced = "config.coalesced";
    public const string HealthChanged = "health.changed";
    public const string DestinationEjected = "destination.ejected";
    public const string DestinationReturned = "destination.returned";
    public const string PanicEntered = "panic.entered";
    public const string PanicExited = "panic.exited";
    public const string AlertPending = "alert.pending";
    public const string AlertFiring = "alert.firing";
    public const string AlertAcknowledged = "alert.acknowledged";
    public const string AlertResolved = "alert.resolved";

    /// <summary>The event kind of an alert transition to <paramref name="to"/> (null: a pending alert withdrawn, journaled as resolved).</summary>
    public static string ForAlert(Fulcrum.Core.Alerting.AlertState? to) => to switch
    {
        Fulcrum.Core.Alerting.AlertState.Pending => AlertPending,
        Fulcrum.Core.Alerting.AlertState.Firing => AlertFiring,
        Fulcrum.Core.Alerting.AlertState.Acknowledged => AlertAcknowledged,
        _ => AlertResolved,
    };
    /// <summary>A live audit of the serving config found something the previous one did not. Details: rule, severity, message.</summary>
    public const string AuditFinding = "audit.finding";
    public const string NotificationSent = "notification.sent";
    public const string NotificationFailed = "notification.failed";
    public const string ProcessStarted = "process.started";
    public const string ProcessStopped = "process.stopped";
    /// <summary>The queued append path was full and dropped events; the summary says how many.</summary>
    public const string JournalOverflow = "journal.overflow";
    /// <summary>Retention pruned old events and configs. Details: <see cref="JournalPruneReport"/> as JSON (counts, time range, bytes).</summary>
    public const string JournalPruned = "journal.pruned";

    /// <summary>Config changes, newest of which is the usual suspect behind an alert.</summary>
    public static readonly IReadOnlyList<string> ConfigChanges = [ConfigApplied, ConfigForced, ConfigRollback];

    /// <summary>The kinds that open an alert.</summary>
    public static readonly IReadOnlyList<string> AlertStarts = [AlertPending, AlertFiring];

    public static readonly IReadOnlyList<string> AlertStates = [AlertPending, AlertFiring, AlertAcknowledged, AlertResolved];

    public static readonly IReadOnlyList<string> All =
    [
        ConfigApplied, ConfigRefused, ConfigForced, ConfigRollback, ConfigRestartNeeded, HealthChanged, DestinationEjected,
        DestinationReturned, PanicEntered, PanicExited, AlertPending, AlertFiring, AlertAcknowledged,
        AlertResolved, NotificationSent, NotificationFailed, ProcessStarted, ProcessStopped, JournalOverflow,
        JournalPruned, AuditFinding, ConfigCoalesced,
    ];
}
