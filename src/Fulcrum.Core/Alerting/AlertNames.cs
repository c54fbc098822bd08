namespace Fulcrum.Core.Alerting;

/// <summary>The alert names of the contract (DESIGN.md, admin API <c>/api/alerts</c>); never rename them.</summary>
public static class AlertNames
{
    public const string Imbalance = "imbalance";
    public const string ErrorRate = "error-rate";
    public const string LatencyP99 = "latency-p99";
    public const string DestinationDown = "destination-down";
    public const string AllEjected = "all-ejected";
    /// <summary>An error-level finding of the scheduled live audit (FUL026: weight far above observed capacity).</summary>
    public const string Audit = "audit";

    public static IReadOnlyList<string> All { get; } = [Imbalance, ErrorRate, LatencyP99, DestinationDown, AllEjected, Audit];
}
