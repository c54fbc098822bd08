namespace Fulcrum.Core.Alerting;

/// <summary>
/// One alert condition as observed in one evaluation. <see cref="Triggered"/>: bad enough to raise the alert;
/// <see cref="Sustained"/>: still bad enough to keep it (the lower clear threshold, so a value hovering around the
/// threshold neither restarts a pending alert nor resolves a firing one). <see cref="Since"/> is when the
/// condition began if the source knows (the fairness verdict does), <see cref="For"/> how long it must hold.
/// <see cref="Value"/> and <see cref="Threshold"/> are the measured number and its limit in the alert's own unit
/// (a fraction, milliseconds, a relative deviation), for the structured log; null when the alert has none.
/// </summary>
internal sealed record AlertCondition(
    string Name,
    string Cluster,
    string? Destination,
    bool Triggered,
    bool Sustained,
    DateTimeOffset? Since,
    TimeSpan For,
    string Summary,
    double? Value = null,
    double? Threshold = null)
{
    public string Key => KeyOf(Name, Cluster, Destination);

    public static string KeyOf(string name, string cluster, string? destination) => $"{name}\n{cluster}\n{destination}";
}
