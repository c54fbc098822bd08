using Fulcrum.Core.Config;

namespace Fulcrum;

/// <summary>
/// Fulcrum's settings beyond what rides on YARP's own config (per-cluster and per-destination settings are read
/// from YARP <c>Metadata</c>, see <see cref="FulcrumMetadata"/>). Bound from the <c>Fulcrum</c> configuration
/// section with the same keys and duration grammar as the <c>fulcrum.yaml</c> contract, or set in code.
/// </summary>
public sealed class FulcrumOptions
{
    /// <summary>How the distribution is judged. Default: 30 s window, tolerance 0.2, 200 requests minimum, 30 s <c>for</c>.</summary>
    public FairnessConfig Fairness { get; set; } = FairnessConfig.Default;

    /// <summary>Alert thresholds, escalation tiers and receivers. Default: error rate 5 % for 1 m, p99 500 ms for 2 m, no receivers.</summary>
    public AlertsConfig Alerts { get; set; } = AlertsConfig.Default;

    /// <summary>How often the serving config is audited again with observed data. Default: every hour; zero turns it off.</summary>
    public AuditConfig Audit { get; set; } = AuditConfig.Default;

    /// <summary>The SQLite journal file. Default: <c>fulcrum-journal.db</c> in the working directory.</summary>
    public string JournalPath { get; set; } = JournalConfig.DefaultPath;

    /// <summary>
    /// How much history the journal keeps; pruned in the background, and each pruning is journaled as
    /// <c>journal.pruned</c>. Default: 14 days and 256 MB (<see cref="JournalRetention.Default"/>).
    /// </summary>
    public JournalRetention JournalRetention { get; set; } = JournalRetention.Default;

    /// <summary>
    /// Name of the environment variable holding the admin API's bearer token. Default: none, so the admin endpoints
    /// are protected only by what the app adds to the group <c>MapFulcrumAdmin</c> returns.
    /// </summary>
    public string? AdminTokenEnv { get; set; }

    /// <summary>Distribution monitoring on the request path. Default: on. Off only to measure what it costs.</summary>
    public bool Monitoring { get; set; } = true;

    /// <summary>Where the dashboard is, for links in notifications. Default: none.</summary>
    public Uri? DashboardUrl { get; set; }
}
