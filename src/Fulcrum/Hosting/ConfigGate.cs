using Fulcrum.Core.Config;
using Fulcrum.Core.Text;
using Fulcrum.Journal;
using Fulcrum.Operations;
using Fulcrum.Proxy;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Hosting;

/// <summary>
/// The one way a <c>fulcrum.yaml</c> gets to serve: parse and validate, audit (error-level findings refuse it unless
/// forced), then hand it to YARP and wait until YARP reports it applied. A refused config never replaces the one
/// serving; every outcome is logged as one line and journaled.
/// </summary>
internal sealed partial class ConfigGate : IConfigGate, IDisposable
{
    /// <summary>How long a reload waits for YARP to confirm; YARP applies in milliseconds unless something is stuck.</summary>
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _applyLock = new();
    private readonly GatedConfigProvider _provider;
    private readonly FulcrumConfigListener _listener;
    private readonly FulcrumRuntime _runtime;
    private readonly GateOptions _options;
    private readonly EventJournal _journal;
    private readonly AuditReuse _audits;
    private readonly ILogger _logger;

    public ConfigGate(GatedConfigProvider provider, FulcrumConfigListener listener, FulcrumRuntime runtime, GateOptions options, EventJournal journal,
        AuditReuse audits, ILogger<ConfigGate> logger)
    {
        _audits = audits;
        _provider = provider;
        _listener = listener;
        _runtime = runtime;
        _options = options;
        _journal = journal;
        _logger = logger;
        _posts = new ApiApplyCoalescer(action => Lane.TryPost(action), offer => TryApplyYaml(offer.Yaml, offer.Source, offer.Trigger, offer.Force, offer.Actor));
        _posts.Settled += JournalCoalesced;
    }

    private readonly ApiApplyCoalescer _posts;

    /// <summary>Posted configs waiting for the lane (see <see cref="ApiApplyCoalescer.Waiting"/>).</summary>
    public int PostsWaiting => _posts.Waiting;

    /// <summary>
    /// Where applies that do not come from start-up run: reloads (<see cref="ConfigReloader"/>) and
    /// <c>POST /api/config</c> (<see cref="TryApplyYamlAsync"/>). Low priority, off the request pool, one at a time.
    /// </summary>
    public BackgroundLane Lane => _lane.Value;

    // Made on the first reload or post, not at start: a start that never reloads never starts the thread.
    private readonly Lazy<BackgroundLane> _lane = new(() => new BackgroundLane("fulcrum-apply"));

    /// <summary>The config serving now.</summary>
    public FulcrumConfig? Current => _runtime.Current;

    /// <summary>The text of the config serving now.</summary>
    public string? CurrentYaml { get; private set; }

    /// <summary>Raised after a config was refused: (result, trigger, source).</summary>
    public event Action<ApplyResult, ConfigTrigger, string>? Refused;

    /// <summary>
    /// Applies on the lane, coalesced with other API offers waiting for it (<see cref="ApiApplyCoalescer"/>): the
    /// latest waiting config wins, identical ones share one apply, and a superseded one is answered as such.
    /// </summary>
    public Task<ApplyResult> TryApplyYamlAsync(string yaml, string sourceName, ConfigTrigger trigger, bool force, ConfigActor? actor = null) =>
        _posts.OfferAsync(new ApiApplyCoalescer.Offer(yaml, sourceName, trigger, force, actor));

    // Made here if no reload ever made it, so that a post arriving during shutdown finds a stopped lane (and is
    // refused) instead of starting a new one.
    public void Dispose() => _lane.Value.Dispose();

    public ApplyResult TryApplyYaml(string yaml, string sourceName, ConfigTrigger trigger, bool force, ConfigActor? actor = null)
    {
        FulcrumConfig config;
        try
        {
            // A posted config has no folder of its own: relative paths in it mean what they meant for the serving one.
            var folder = Current is { } current && File.Exists(current.Source.File)
                ? Path.GetDirectoryName(Path.GetFullPath(current.Source.File))!
                : Directory.GetCurrentDirectory();
            config = ConfigLoader.Parse(yaml, sourceName, folder);
            YarpRouteValidator.ThrowIfInvalid(config);
        }
        catch (ConfigException e)
        {
            return Refuse(ApplyResult.Refused($"config refused: {sourceName} is invalid ({e.Errors.Count} error(s))", e.Errors, []), trigger, sourceName);
        }
        return TryApply(config, yaml, trigger, force, actor);
    }

    /// <summary>
    /// Audits and applies, waiting for YARP to confirm (not at start: YARP loads its first config when the app is built).
    /// <paramref name="actor"/> (who asked and why) is journaled with the change and shown as the serving config's author.
    /// </summary>
    public ApplyResult TryApply(FulcrumConfig config, string yaml, ConfigTrigger trigger, bool force, ConfigActor? actor = null)
    {
        if (trigger == ConfigTrigger.Startup)
        {
            // A route YARP or routing cannot build stops the start as an invalid config (exit 2, line and column),
            // instead of a server answering 404 or 500 to everything. Reloads check it in TryApplyYaml.
            YarpRouteValidator.ThrowIfInvalid(config);
        }
        var auditKey = _audits.KeyOf(config, yaml);
        // Only a start may take a journaled audit: a reload's text is new, and its audit primes the next one's.
        var reused = trigger == ConfigTrigger.Startup ? _audits.TryReuse(auditKey, config) : null;
        var findings = reused?.Findings ?? _runtime.AuditServing(config);
        var predictions = reused?.Predictions ?? _runtime.ServingPredictions(config);
        var errors = findings.Count(f => f.IsError);
        if (errors > 0 && !force)
        {
            return Refuse(
                ApplyResult.Refused($"config refused: {config.Source.File} has {errors} error-level audit finding(s); use --force / ?force=true to apply anyway", [], findings),
                trigger,
                config.Source.File);
        }
        var result = new ApplyResult(true, errors > 0,
            $"config applied from {config.Source.File} ({trigger}): {config.Routes.Count} route(s), {config.Clusters.Count} cluster(s)" +
            (errors > 0 ? $", FORCED past {errors} error-level finding(s)" : "") +
            (actor is null ? "" : $" {actor.Describe()}") +
            (reused is { } from ? $"; audit reused from journal config #{from.ConfigId} (same text, same build)" : ""),
            [], findings)
        {
            Actor = actor,
            AuditKey = auditKey,
            AuditReusedFrom = reused?.ConfigId,
            Predictions = predictions,
        };

        lock (_applyLock)
        {
            var previous = Current;
            var outcome = trigger == ConfigTrigger.Startup ? null : new YarpOutcome(_listener);
            _options.Set(config);
            var published = _provider.Publish(config, yaml, trigger, result);
            if (outcome is not null && !outcome.WaitFor(published, ApplyTimeout, out var refusal))
            {
                // YARP kept its routes; put the options back so the monitor judges the config that serves.
                if (previous is not null)
                {
                    _options.Set(previous);
                }
                var refused = ApplyResult.Refused($"config refused by YARP: {refusal}", [], findings);
                LogRefused(_logger, SafeText.Bound(refused.Message, 2048), SafeText.Bound(refusal, 8192));
                Refused?.Invoke(refused, trigger, config.Source.File);
                return refused;
            }
            CurrentYaml = yaml;
            if (reused is { } earlier)
            {
                // The serving audit starts where the journaled one ended: the first reload simulates only what it changes.
                _runtime.PrimeServingAudit(config, earlier.Predictions);
            }
            if (previous is not null)
            {
                WarnAboutRestartOnlySettings(previous, config);
            }
        }
        if (result.Forced)
        {
            LogForced(_logger, SafeText.Bound(result.Message, 2048));
        }
        else
        {
            LogApplied(_logger, SafeText.Bound(result.Message, 2048));
        }
        return result;
    }

    /// <summary>
    /// A reload that never got as far as a config (the file unreadable, a directory, too big, or an unexpected failure):
    /// refused like an invalid one — one log line, a config.refused event — and the running config keeps serving.
    /// </summary>
    public ApplyResult RefuseUnread(string source, ConfigTrigger trigger, string reason) =>
        Refuse(ApplyResult.Refused($"config refused: cannot read {SafeText.Quote(source, 300)}: {SafeText.Bound(reason, 500)}", [], []), trigger, source);

    /// <summary>Back to the last config that served cleanly before the current one.</summary>
    public ApplyResult Rollback(ConfigActor? actor = null)
    {
        var target = _runtime.Bridge.CurrentConfigId is { } current ? _journal.FindLastCleanConfigBefore(current) : null;
        if (target is null)
        {
            return ApplyResult.Refused("rollback: no earlier config served cleanly; nothing to roll back to", [], []);
        }
        // The target already served cleanly; it is not held back by findings it was allowed with before.
        return TryApplyYaml(target.Yaml, $"journal config #{target.Id}", ConfigTrigger.Rollback, force: true, actor);
    }

    private ApplyResult Refuse(ApplyResult result, ConfigTrigger trigger, string source)
    {
        var reasons = result.Errors.Select(e => e.ToString()).Concat(result.Findings.Where(f => f.IsError).Select(f => f.ToString()));
        // Config text reaches the log quoted and escaped: one line, no terminal control, bounded.
        LogRefused(_logger, SafeText.Bound(result.Message, 2048), SafeText.Bound(string.Join(" | ", reasons), 8192));
        _runtime.Bridge.OnRefused(result, trigger, source);
        Refused?.Invoke(result, trigger, source);
        return result;
    }

    /// <summary>A posted config answered by another one's apply: the journal says it was superseded or shared, and by whom.</summary>
    private void JournalCoalesced(ApiApplyCoalescer.Offer offer, ApplyResult answer, ApplyResult applied)
    {
        var by = offer.Actor is { } actor ? $" {actor.Describe()}" : "";
        var summary = answer.Superseded
            ? $"config from {offer.Source}{by} superseded before its turn by a later one, which was {(applied.Applied ? "applied" : "refused")}; this one was not applied"
            : $"config from {offer.Source}{by} was identical to one already waiting; answered with that apply ({(applied.Applied ? "applied" : "refused")})";
        LogCoalesced(_logger, SafeText.Bound(summary, 2048));
        _journal.Append(JournalEvent.Create(EventKinds.ConfigCoalesced, summary, details: SafeText.Bound(answer.Message, 2048)));
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
        if (previous.Limits != config.Limits)
        {
            changed.Add("limits");
        }
        // Retention is read at each pruning pass; only the file is bound at start.
        if (previous.Journal.Path != config.Journal.Path)
        {
            changed.Add("journal.path");
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
        LogRestartNeeded(_logger, message);
        _journal.Append(JournalEvent.Create(EventKinds.ConfigRestartNeeded, message));
    }

    /// <summary>Waits for YARP's verdict on one published config (subscribed before publishing, so it cannot be missed).</summary>
    private sealed class YarpOutcome
    {
        private readonly TaskCompletionSource<string?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly FulcrumConfigListener _listener;
        private IProxyConfig? _awaited;

        public YarpOutcome(FulcrumConfigListener listener)
        {
            _listener = listener;
            listener.Applied += OnApplied;
            listener.Refused += OnRefused;
        }

        public bool WaitFor(IProxyConfig published, TimeSpan timeout, out string refusal)
        {
            Volatile.Write(ref _awaited, published);
            try
            {
                var finished = _done.Task.Wait(timeout);
                refusal = finished ? _done.Task.Result ?? "" : $"YARP did not apply it within {timeout.TotalSeconds:0} s";
                return finished && _done.Task.Result is null;
            }
            finally
            {
                _listener.Applied -= OnApplied;
                _listener.Refused -= OnRefused;
            }
        }

        private void OnApplied(IReadOnlyList<IProxyConfig> configs, FulcrumView view)
        {
            if (Includes(configs))
            {
                _done.TrySetResult(null);
            }
        }

        private void OnRefused(IReadOnlyList<IProxyConfig> configs, Exception exception)
        {
            if (Includes(configs))
            {
                _done.TrySetResult(exception.InnerException?.Message ?? exception.Message);
            }
        }

        // YARP may report before WaitFor names the config (it applies synchronously when it can): any config from this
        // gate's provider that YARP reports after the subscription is the one just published, as publishes are serialized.
        private bool Includes(IReadOnlyList<IProxyConfig> configs) =>
            configs.Any(c => c is IConfigOrigin && (Volatile.Read(ref _awaited) is not { } awaited || ReferenceEquals(c, awaited)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogApplied(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogForced(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogCoalesced(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogRestartNeeded(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}; the running config keeps serving: {Reasons}")]
    private static partial void LogRefused(ILogger logger, string message, string reasons);
}
