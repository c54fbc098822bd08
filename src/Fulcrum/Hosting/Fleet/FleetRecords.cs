using Fulcrum.Core.Fairness;

namespace Fulcrum.Fleet;

/// <summary>One published config version. <see cref="Forced"/> versions are applied past error-level findings.</summary>
internal sealed record ConfigVersion(long Id, string Yaml, string Sha256, string PushedBy, DateTimeOffset PushedAt, string FindingsJson, bool Forced, string? Reason, long? RollbackOf);

/// <summary>An instance as the store knows it; <see cref="Live"/> when its heartbeat is recent (judged by the database clock).</summary>
internal sealed record InstanceRow(
    string Name, int Pid, string Address, string AdminUrl, long? VersionServed, long? VersionRefused, string? RefusedReason,
    DateTimeOffset StartedAt, DateTimeOffset Heartbeat, bool Live);

/// <summary>What one instance reports about itself every report-every.</summary>
internal sealed record InstanceReport(string Name, int Pid, string Address, string AdminUrl, long? VersionServed, long? VersionRefused, string? RefusedReason, DateTimeOffset StartedAt);

/// <summary>
/// One instance's window of one cluster (destinations in config order). <see cref="Policy"/> is the name the user
/// configured (a registered policy's own name); <see cref="JudgedAs"/> is the built-in whose fairness promise the
/// judge applies (null when a report does not say: an instance of an earlier version, where the name was a built-in's).
/// </summary>
internal sealed record ClusterCounts(string Instance, string Cluster, string Policy, IReadOnlyList<DestinationCounts> Destinations,
    Fulcrum.Core.Config.PolicyKind? JudgedAs = null);
