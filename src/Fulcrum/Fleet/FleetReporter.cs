using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// Every <c>fleet.report-every</c>: this instance's heartbeat, version state and per-destination window counts, in
/// one transaction. A failed report is logged once per outage and retried at the next tick; serving never waits on it.
/// </summary>
internal sealed partial class FleetReporter : BackgroundService
{
    private readonly FleetStore _store;
    private readonly FleetSettings _settings;
    private readonly FleetInstanceState _state;
    private readonly DistributionMonitor _monitor;
    private readonly AdminListener _listener;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _one = new(1, 1);
    private bool _failing;

    public FleetReporter(FleetStore store, FleetSettings settings, FleetInstanceState state, DistributionMonitor monitor, AdminListener listener, TimeProvider time, ILogger<FleetReporter> logger)
    {
        _store = store;
        _settings = settings;
        _state = state;
        _monitor = monitor;
        _listener = listener;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_settings.Config.ReportEvery, _time);
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
            await _store.EnsureSchemaOnceAsync(cancellationToken);
            var (served, refused, reason) = _state.Read();
            var report = new InstanceReport(_settings.Instance, Environment.ProcessId, Proxy(), _listener.Address?.ToString() ?? "",
                served, refused, reason, _state.StartedAt);
            var counts = _monitor.Clusters
                .Select(c => new ClusterCounts(_settings.Instance, c.Name, Core.Config.Policies.Name(c.Balancer.Config.Policy), c.WindowCounts()))
                .ToArray();
            await _store.ReportAsync(report, counts, cancellationToken);
            if (_failing)
            {
                _failing = false;
                LogRecovered(_logger);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!_failing)
            {
                _failing = true;
                LogFailed(_logger, e.GetType().Name, e.Message);
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
            return _listener.ProxyAddress.ToString();
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
