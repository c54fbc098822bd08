using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>
/// The periodic work beyond forwarding: samples the distribution (in-flight averages, share history) and evaluates
/// alerts. A failure of one tick is logged and the next tick runs: nothing thrown here may stop the host.
/// </summary>
internal sealed partial class FulcrumBackgroundService : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EvaluatePeriod = TimeSpan.FromSeconds(1);

    private readonly DistributionMonitor _monitor;
    private readonly AlertPipeline _alerts;
    private readonly EventJournal _journal;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IServer _server;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IAdminAddress? _admin;
    private readonly ScheduledAudit? _audit;
    private List<ITimer> _timers = [];

    public FulcrumBackgroundService(
        DistributionMonitor monitor,
        AlertPipeline alerts,
        EventJournal journal,
        TimeProvider time,
        IServer server,
        IHostApplicationLifetime lifetime,
        ILogger<FulcrumBackgroundService> logger,
        IAdminAddress? admin = null,
        ScheduledAudit? audit = null)
    {
        _audit = audit;
        _admin = admin;
        _server = server;
        _lifetime = lifetime;
        _monitor = monitor;
        _alerts = alerts;
        _journal = journal;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start before the server binds; the start is journaled once the addresses are known.
        _lifetime.ApplicationStarted.Register(JournalStart);
        _timers.Add(_time.CreateTimer(_ => Guarded("sample", _monitor.Sample), null, SamplePeriod, SamplePeriod));
        _timers.Add(_time.CreateTimer(_ => Guarded("evaluate", _alerts.Evaluate), null, EvaluatePeriod, EvaluatePeriod));
        _audit?.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await DisposeAsync();
        try
        {
            _journal.Append(JournalEvent.Create(EventKinds.ProcessStopped, "fulcrum stopped"));
        }
        catch (ObjectDisposedException)
        {
            // A host that disposes its services while it is still stopping (seen with WebApplicationFactory on
            // Kestrel) closed the journal first: the stop is logged, and stopping must not throw over it.
            LogStopNotJournaled(_logger);
        }
    }

    private void JournalStart()
    {
        var addresses = _server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        // The same JSON object the journal's serializer context writes for a string dictionary, written directly: this
        // runs before the first request can be served, and the context's first use costs more first-call compilation
        // than the whole event.
        var details = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(details))
        {
            json.WriteStartObject();
            json.WriteString("addresses", string.Join(" ", addresses));
            json.WriteString("pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            if (_admin?.Address is { } admin)
            {
                // `fulcrum ack` and `rollback` find the admin API of a process that bound port 0 here.
                json.WriteString("admin", admin.ToString());
            }
            json.WriteEndObject();
        }
        _journal.Append(JournalEvent.Create(EventKinds.ProcessStarted, $"fulcrum started on {string.Join(", ", addresses)}",
            details: Encoding.UTF8.GetString(details.WrittenSpan)));
    }

    public async ValueTask DisposeAsync()
    {
        // StopAsync and the container's disposal may both get here; each timer is disposed once.
        foreach (var timer in Interlocked.Exchange(ref _timers, []))
        {
            await timer.DisposeAsync();
        }
        if (_audit is not null)
        {
            await _audit.DisposeAsync();
        }
    }

    private void Guarded(string what, Action tick)
    {
        try
        {
            tick();
        }
        catch (Exception e)
        {
            LogTickFailed(_logger, what, e.GetType().Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "fulcrum stopped; the journal was already closed, so the stop is not journaled")]
    private static partial void LogStopNotJournaled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} tick failed ({Type}: {Reason}); the next tick runs as usual")]
    private static partial void LogTickFailed(ILogger logger, string what, string type, string reason);
}
