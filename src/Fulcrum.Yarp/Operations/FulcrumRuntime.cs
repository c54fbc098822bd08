using Fulcrum.Core.Alerting;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Metrics;
using Fulcrum.Proxy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Operations;

/// <summary>
/// Connects the pieces that follow the serving config: each new set of balancers is tracked by the distribution
/// monitor and the metrics, their events go to the journal and the log; each applied config is journaled (with its
/// diff and audit) and becomes the one the admin API, alerts and rollback see; option changes reach the monitor
/// and the alert engine. Built once per container, before YARP loads its first config.
/// </summary>
internal sealed partial class FulcrumRuntime : IServingConfigObserver
{
    private readonly DistributionMonitor _monitor;
    private readonly AlertPipeline _alerts;
    private readonly JournalBridge _bridge;
    private readonly BalancerEventLog _balancerLog;
    private readonly IOptionsMonitor<FulcrumOptions> _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly IncrementalAudit _servingAudit = new();

    public FulcrumRuntime(
        ClusterRegistry registry,
        DistributionMonitor monitor,
        AlertPipeline alerts,
        JournalBridge bridge,
        FulcrumMetrics metrics,
        IOptionsMonitor<FulcrumOptions> options,
        ILoggerFactory loggers,
        TimeProvider time)
    {
        _time = time;
        _monitor = monitor;
        _alerts = alerts;
        _bridge = bridge;
        _options = options;
        _balancerLog = new BalancerEventLog(loggers.CreateLogger("Fulcrum.Balancer"));
        _logger = loggers.CreateLogger("Fulcrum.Config");
        Registry = registry;
        Metrics = metrics;
        registry.Replaced += metrics.Bind;
        registry.Replaced += Track;
        metrics.Contributors += sink => MetricsContribution.Write(sink, registry, monitor, alerts.Engine);
        bridge.ConfigChanged += alerts.OnConfigChanged;
        options.OnChange(Reconfigure);
    }

    public ClusterRegistry Registry { get; }

    public FulcrumMetrics Metrics { get; }

    public DistributionMonitor Monitor => _monitor;

    public AlertPipeline Alerts => _alerts;

    public JournalBridge Bridge => _bridge;

    /// <summary>The config serving now, as Fulcrum reads it (null before the first one applied).</summary>
    public FulcrumConfig? Current { get; private set; }

    /// <summary>
    /// Audits a config about to serve (or serving, for an embedding app), re-simulating only the clusters changed since
    /// the previous one: a reload that touches one cluster costs one cluster's simulation.
    /// </summary>
    public IReadOnlyList<AuditIssue> AuditServing(FulcrumConfig config) => ConfigAudit.Run(config, _servingAudit);

    /// <summary>The predictions behind the last <see cref="AuditServing"/> of <paramref name="config"/>, to journal with its findings.</summary>
    public IReadOnlyList<SharePrediction> ServingPredictions(FulcrumConfig config) => _servingAudit.Predictions(config);

    /// <summary>Starts the incremental audit from a journaled audit of this very config (a restart that reused it).</summary>
    public void PrimeServingAudit(FulcrumConfig config, IReadOnlyList<SharePrediction> predictions) => _servingAudit.Prime(config, predictions);

    /// <summary>Clusters this process simulated to audit serving configs (0 after a start that reused its journaled audit).</summary>
    public int SimulatedClusters => _servingAudit.SimulatedClusters;

    /// <summary>How the serving config was applied (forced or not) and the hash of its text; null before the first one.</summary>
    public ServingConfig? Serving { get; private set; }

    /// <summary>Journals a config YARP has applied and makes it the current one.</summary>
    public void OnApplied(IReadOnlyList<IProxyConfig> proxyConfigs, FulcrumView view)
    {
        lock (_lock)
        {
            var origin = proxyConfigs.OfType<IConfigOrigin>().FirstOrDefault();
            var config = origin?.Config ?? FromView(view);
            var previous = Current;
            Current = config;
            ApplyResult result;
            string text;
            ConfigTrigger trigger;
            if (origin is not null)
            {
                (result, text, trigger) = (origin.Result, origin.Text, origin.Trigger);
            }
            else
            {
                // An embedding app's config is not gated (YARP already serves it), but it is audited and journaled all the same.
                var findings = AuditServing(config);
                foreach (var finding in findings.Where(f => f.IsError))
                {
                    LogFinding(_logger, finding.ToString());
                }
                result = new ApplyResult(true, false, $"YARP config applied: {view.Routes.Count} route(s), {view.Clusters.Count} Fulcrum cluster(s)", [], findings);
                text = YarpConfigText.Serialize(proxyConfigs);
                trigger = ConfigTrigger.YarpConfig;
            }
            Serving = ServingConfig.Of(_time.GetUtcNow(), result, text, trigger, config.Source.File);
            _bridge.OnApplied(previous, config, text, result, trigger);
        }
    }

    /// <summary>Journals a config YARP refused (its own validation failed).</summary>
    public void OnRefused(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception)
    {
        var origin = proxyConfigs.OfType<IConfigOrigin>().FirstOrDefault();
        var result = ApplyResult.Refused($"YARP refused the config: {exception.Message}", [], origin?.Result.Findings ?? []);
        _bridge.OnRefused(result, origin?.Trigger ?? ConfigTrigger.YarpConfig, origin?.Config.Source.File ?? "YARP config");
    }

    private FulcrumConfig FromView(FulcrumView view)
    {
        var options = _options.CurrentValue;
        return new FulcrumConfig
        {
            Listen = [],
            Admin = AdminConfig.Default,
            Routes = view.Routes,
            Clusters = view.Clusters,
            Fairness = options.Fairness,
            Alerts = options.Alerts,
            Journal = new JournalConfig(options.JournalPath) { Retention = options.JournalRetention },
            Audit = options.Audit,
        };
    }

    private void Reconfigure(FulcrumOptions options)
    {
        _monitor.Reconfigure(options.Fairness);
        _alerts.Engine.Reconfigure(options.Alerts, options.Fairness);
    }

    private void Track(IReadOnlyCollection<ClusterRuntime> clusters)
    {
        foreach (var cluster in clusters)
        {
            cluster.Recorder = _monitor.Track(cluster.Balancer);
            cluster.Balancer.Event += _bridge.OnBalancerEvent;
            cluster.Balancer.Event += _balancerLog.Write;
            foreach (var e in cluster.Balancer.StartupEvents)
            {
                _bridge.OnBalancerEvent(e);
                _balancerLog.Write(e);
            }
        }
        _monitor.Retain(clusters.Select(c => c.Name));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "audit: {Finding}")]
    private static partial void LogFinding(ILogger logger, string finding);
}
