using System.Threading.Channels;
using Fulcrum.Core.Alerting;
using Fulcrum.Operations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Fleet;

/// <summary>
/// Shares this instance's acknowledgements with the fleet, and applies the fleet's to this instance's alerts:
/// an acknowledgement made on any instance is written to the store (retried every second while it is away) and,
/// within a second or two, every other instance shows the alert acknowledged and the evaluator stops escalating it.
/// </summary>
internal sealed partial class FleetAckFollower(FleetAcks acks, AlertPipeline alerts, FleetSettings settings, TimeProvider time,
    ILogger<FleetAckFollower> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly Channel<Alert> _outgoing = Channel.CreateUnbounded<Alert>();
    private Alert? _pending;
    private bool _failing;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        alerts.Acknowledged += OnAcknowledged;
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        alerts.Acknowledged -= OnAcknowledged;
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            do
            {
                await TickAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void OnAcknowledged(Alert alert) => _outgoing.Writer.TryWrite(alert);

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Ours first, in order; one that fails stays pending and goes first next time.
            while (_pending is not null || _outgoing.Reader.TryRead(out _pending))
            {
                await acks.RecordAsync(_pending!, settings.Instance, cancellationToken);
                _pending = null;
            }
            foreach (var (alert, ack) in FleetAcks.Covered(alerts.Engine.Alerts, await acks.ReadAsync(cancellationToken)))
            {
                alerts.Ack(alert.Id, $"{ack.By} (on {ack.Instance})", announce: false);
            }
            _failing = false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (!_failing)
            {
                _failing = true;
                LogLost(logger, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "fleet acknowledgements: the store is unreachable ({Type}: {Reason}); acknowledgements made here are shared when it returns")]
    private static partial void LogLost(ILogger logger, string type, string reason);
}
