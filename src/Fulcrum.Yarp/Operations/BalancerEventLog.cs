using Fulcrum.Core.Balancing;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>One log line per balancer event: panic (everything ineligible, spreading over all), ejections, returns, health.</summary>
internal sealed partial class BalancerEventLog(ILogger logger)
{
    public void Write(BalancerEvent e)
    {
        switch (e.Kind)
        {
            case BalancerEventKind.PanicEntered:
                LogPanic(logger, e.Cluster, e.Detail);
                break;
            case BalancerEventKind.Ejected:
            case BalancerEventKind.EjectionSkippedByCap:
            case BalancerEventKind.HealthChanged:
                LogWarning(logger, e.Kind.ToString(), e.Cluster, e.Destination ?? "-", e.Detail);
                break;
            default:
                LogInformation(logger, e.Kind.ToString(), e.Cluster, e.Destination ?? "-", e.Detail);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "PANIC: cluster {Cluster} has no eligible destination; spreading traffic over all of them: {Detail}")]
    private static partial void LogPanic(ILogger logger, string cluster, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "balancer: {Kind} cluster {Cluster} destination {Destination}: {Detail}")]
    private static partial void LogWarning(ILogger logger, string kind, string cluster, string destination, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "balancer: {Kind} cluster {Cluster} destination {Destination}: {Detail}")]
    private static partial void LogInformation(ILogger logger, string kind, string cluster, string destination, string detail);
}
