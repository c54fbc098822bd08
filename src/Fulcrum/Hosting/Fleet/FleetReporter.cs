using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// Every <c>fleet.report-every</c>: this instance's heartbeat, version state and per-destination window counts, in
/// one transaction. A failed report is logged once per outage and retried at the next tick; serving never waits on it.
/// </summary>
internal sealed partial class FleetReporter(FleetStore store, FleetSettings settings, FleetInstanceState state, DistributionMonitor monitor, AdminListener listener, TimeProvider time, ILogger<FleetReporter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Config.ReportEvery, time);
        do
        {
            await ReportNowAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Reports at once (after a config change, so the fleet sees the new version without waiting a tick).</summary>
    public async Task ReportNowAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            await store.EnsureSchemaOnceAsync(cancellationToken);
            var (served, refused, reason) = state.Read();
            var report = new InstanceReport(settings.Instance, Environment.ProcessId, Proxy(), listener.Address?.ToString() ?? "",
                served, refused, reason, state.StartedAt);
            var counts = monitor.Clusters
                .Select(c => new ClusterCounts(settings.Instance, c.Name, c.Balancer.Config.PolicyName, c.WindowCounts(), c.Balancer.Config.Policy))
                .ToArray();
            await store.ReportAsync(report, counts, cancellationToken);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                _failing = true;
                LogFailed(logger, e.GetType().Name, e.Message);
            }
        }
        finally
        {
            _one.Release();
        }
    }

    private string Proxy()
    {
        try
        {
            return listener.ProxyAddress.ToString();
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet: cannot report to the store ({Type}: {Reason}); serving goes on, retrying every tick")]
    private static partial void LogFailed(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "fleet: reporting to the store again")]
    private static partial void LogRecovered(ILogger logger);
}
