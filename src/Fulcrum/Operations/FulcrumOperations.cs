using Fulcrum.Core.Alerting;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Proxy;
using Fulcrum.Receivers;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>
/// Everything beyond forwarding: the distribution monitor, the alert engine and its receivers, the journal and
/// the periodic loop that samples and evaluates. Built once per process; follows config reloads.
/// </summary>
internal sealed class FulcrumOperations : IAsyncDisposable
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan EvaluatePeriod = TimeSpan.FromSeconds(1);

    private readonly FulcrumServerContext _context;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http = new();
    private readonly List<ITimer> _timers = [];
    private readonly string _journalPath;
    private readonly BalancerEventLog _balancerLog;
    private readonly ILogger _restartLog;
    private FulcrumConfig _config;

    public FulcrumOperations(FulcrumServerContext context, FulcrumConfig config)
    {
        _context = context;
        _config = config;
        _loggers = LoggerFactory.Create(context.ConfigureLogging);
        var time = context.Time;
        _journalPath = config.Journal.Path;
        Journal = new EventJournal(_journalPath, time, _loggers.CreateLogger<EventJournal>());
        Monitor = new DistributionMonitor(config.Fairness, time);
        var causes = new AlertCauseFinder(Journal);
        var engine = new AlertEngine(config.Alerts, config.Fairness, time, causes.Find);
        var receivers = ReceiverFactory.CreateAll(config.Alerts.Receivers, _http, time, loggers: _loggers);
        Dispatcher = new NotificationDispatcher(receivers, Journal, time, logger: _loggers.CreateLogger<NotificationDispatcher>());
        Alerts = new AlertPipeline(engine, Journal, Dispatcher, Monitor, () => _config.Alerts, () => DashboardUrl);
        Bridge = new JournalBridge(Journal, () => Alerts.FiredSinceConfigChange);
        Bridge.ConfigChanged += Alerts.OnConfigChanged;
        _balancerLog = new BalancerEventLog(_loggers.CreateLogger("Fulcrum.Balancer"));
        _restartLog = _loggers.CreateLogger("Fulcrum.Config");

        context.Registry.Replaced += Track;
        if (context.Monitoring)
        {
            context.Observers.Add(new MonitorObserver());
        }
        context.Metrics.Contributors += Contribute;
    }

    public EventJournal Journal { get; }

    public DistributionMonitor Monitor { get; }

    public AlertPipeline Alerts { get; }

    public NotificationDispatcher Dispatcher { get; }

    public JournalBridge Bridge { get; }

    public Uri? DashboardUrl { get; private set; }

    /// <summary>The audit every config passes through before it may serve.</summary>
    public static IReadOnlyList<AuditIssue> Audit(FulcrumConfig config) =>
        AuditEngine.Run(config).Findings
            .Select(f => new AuditIssue(f.RuleId, AuditSeverities.Name(f.Severity), f.Message, f.Location))
            .ToArray();

    public void Wire(ConfigGate gate)
    {
        gate.Applied += (previous, config, yaml, result, trigger) =>
        {
            if (previous is not null)
            {
                Monitor.Reconfigure(config.Fairness);
                Alerts.Engine.Reconfigure(config.Alerts, config.Fairness);
                WarnAboutRestartOnlySettings(previous, config);
            }
            _config = config;
            Bridge.OnApplied(previous, config, yaml, result, trigger);
        };
        gate.Refused += Bridge.OnRefused;
    }

    /// <summary>Journals the start and begins sampling and evaluating.</summary>
    public void Start(Uri proxy, Uri admin)
    {
        DashboardUrl = admin;
        Journal.Append(JournalEvent.Create(EventKinds.ProcessStarted, $"fulcrum started: proxy on {proxy}, admin on {admin}",
            details: System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["proxy"] = proxy.ToString(), ["admin"] = admin.ToString(), ["pid"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        _timers.Add(_context.Time.CreateTimer(_ => Monitor.Sample(), null, SamplePeriod, SamplePeriod));
        _timers.Add(_context.Time.CreateTimer(_ => Alerts.Evaluate(), null, EvaluatePeriod, EvaluatePeriod));
    }

    /// <summary>Back to the last config that served cleanly before the current one.</summary>
    public ApplyResult Rollback(ConfigGate gate)
    {
        var target = Bridge.CurrentConfigId is { } current ? Journal.FindLastCleanConfigBefore(current) : null;
        if (target is null)
        {
            return ApplyResult.Refused("rollback: no earlier config served cleanly; nothing to roll back to", [], []);
        }
        // The target already served cleanly; it is not held back by findings it was allowed with before.
        return gate.TryApplyYaml(target.Yaml, $"journal config #{target.Id}", ConfigTrigger.Rollback, force: true);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var timer in _timers)
        {
            await timer.DisposeAsync();
        }
        Journal.Append(JournalEvent.Create(EventKinds.ProcessStopped, "fulcrum stopped"));
        await Dispatcher.DisposeAsync();
        await Journal.DisposeAsync();
        _http.Dispose();
        _loggers.Dispose();
    }

    /// <summary>Listeners, the journal and receivers are bound at start; a reload that changes them says so.</summary>
    private void WarnAboutRestartOnlySettings(FulcrumConfig previous, FulcrumConfig config)
    {
        var changed = new List<string>();
        if (!previous.Listen.SequenceEqual(config.Listen))
        {
            changed.Add("listen");
        }
        if (previous.Admin != config.Admin)
        {
            changed.Add("admin");
        }
        if (previous.Journal != config.Journal)
        {
            changed.Add("journal");
        }
        if (!previous.Alerts.Receivers.SequenceEqual(config.Alerts.Receivers))
        {
            changed.Add("alerts.receivers");
        }
        if (changed.Count == 0)
        {
            return;
        }
        var message = $"{string.Join(", ", changed)} changed; these take effect at the next restart (the rest of the config is applied)";
        _restartLog.LogWarning("{Message}", message);
        Journal.Append(JournalEvent.Create(EventKinds.ConfigRestartNeeded, message));
    }

    private void Track(IReadOnlyCollection<ClusterRuntime> clusters)
    {
        foreach (var cluster in clusters)
        {
            cluster.Recorder = Monitor.Track(cluster.Balancer);
            cluster.Balancer.Event += Bridge.OnBalancerEvent;
            cluster.Balancer.Event += _balancerLog.Write;
            foreach (var e in cluster.Balancer.StartupEvents)
            {
                Bridge.OnBalancerEvent(e);
                _balancerLog.Write(e);
            }
        }
        Monitor.Retain(clusters.Select(c => c.Name));
    }

    private void Contribute(Metrics.MetricsSink sink)
    {
        foreach (var cluster in Monitor.Snapshot())
        {
            foreach (var destination in cluster.Destinations)
            {
                sink.Shares(cluster.Name, destination.Name, destination.ExpectedShare, destination.ActualShare);
            }
            if (cluster.JainIndex is { } jain)
            {
                sink.FairnessIndex(cluster.Name, jain);
            }
        }
        var firing = Alerts.Engine.FiringCounts();
        foreach (var name in AlertNames.All)
        {
            sink.AlertsFiring(name, firing.GetValueOrDefault(name));
        }
    }
}
