using System.Text.Json;
using Fulcrum.Core.Alerting;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Audit.Live;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Operations;

/// <summary>
/// Audits the serving config again every <c>audit.every</c>, with what the monitor observed, the file on disk and
/// the previous audit's shares (<see cref="LiveAuditor"/>). New findings are journaled; error-level ones hold an
/// <c>audit</c> alert up through the alert engine. Runs on its own timer, off the request path; a failed run is one
/// log line and the next one runs as usual. <see cref="RunNow"/> is the same audit on demand (the admin API).
/// </summary>
internal sealed partial class ScheduledAudit : IAsyncDisposable
{
    /// <summary>How soon a disabled (<c>every: 0s</c>) or not yet serving audit looks again at its settings.</summary>
    internal static readonly TimeSpan Recheck = TimeSpan.FromMinutes(1);

    private readonly LiveAuditor _auditor;
    private readonly Func<FulcrumConfig?> _serving;
    private readonly DistributionMonitor _monitor;
    private readonly EventJournal _journal;
    private readonly AlertEngine _alerts;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IConfigFile? _file;
    private readonly Func<AuditConfig> _settings;
    private ITimer? _timer;

    public ScheduledAudit(
        LiveAuditor auditor,
        Func<FulcrumConfig?> serving,
        Func<AuditConfig> settings,
        DistributionMonitor monitor,
        EventJournal journal,
        AlertEngine alerts,
        TimeProvider time,
        ILogger logger,
        IConfigFile? file = null)
    {
        _auditor = auditor;
        _serving = serving;
        _settings = settings;
        _monitor = monitor;
        _journal = journal;
        _alerts = alerts;
        _time = time;
        _logger = logger;
        _file = file;
    }

    /// <summary>Arms the timer: the first audit runs one period after the start (the window needs traffic first).</summary>
    public void Start() => _timer = _time.CreateTimer(_ => Tick(), null, Period(), Timeout.InfiniteTimeSpan);

    /// <summary>The live audit of the serving config now, without moving the scheduled audit's baseline; null before a config serves.</summary>
    public LiveAuditResult? RunNow() =>
        _serving() is { } config
            ? _auditor.Run(config, _monitor.Snapshot(), DiskConfig.Load(_file?.Path), _time.GetUtcNow(), remember: false)
            : null;

    private TimeSpan Period() => _settings() is { Enabled: true } audit ? audit.Every : Recheck;

    private void Tick()
    {
        try
        {
            if (_settings().Enabled && _serving() is { } config)
            {
                Run(config);
            }
        }
        catch (Exception e)
        {
            LogFailed(_logger, e.GetType().Name, e.Message);
        }
        finally
        {
            // Re-armed after each run, with the period in force now: a reload that changes audit.every takes effect here.
            _timer?.Change(Period(), Timeout.InfiniteTimeSpan);
        }
    }

    private void Run(FulcrumConfig config)
    {
        var now = _time.GetUtcNow();
        var result = _auditor.Run(config, _monitor.Snapshot(), DiskConfig.Load(_file?.Path), now, remember: true);
        foreach (var finding in result.New)
        {
            var details = JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["rule"] = finding.RuleId,
                ["severity"] = AuditSeverities.Name(finding.Severity),
                ["location"] = finding.Location.ToString(),
            }, JournalJson.Default.DictionaryStringString);
            _journal.Append(JournalEvent.Create(EventKinds.AuditFinding, $"audit {finding.RuleId}: {finding.Message}",
                finding.Cluster, finding.Destination, details, time: now));
        }
        _alerts.ReportAuditFindings(result.Report.Findings
            .Where(f => f.Severity == AuditSeverity.Error)
            .Select(f => (f.Cluster ?? "", f.Destination, $"{f.RuleId}: {f.Message}")));
        LogAudited(_logger, result.Report.Summary, result.New.Count);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _timer, null) is { } timer)
        {
            await timer.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduled audit failed ({Type}: {Reason}); the next one runs as usual")]
    private static partial void LogFailed(ILogger logger, string type, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduled audit of the serving config: {Summary}, {New} new")]
    private static partial void LogAudited(ILogger logger, string summary, int @new);
}
