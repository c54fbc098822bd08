using Fulcrum.Core.Config;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// The one way a config gets to serve: parse and validate, audit (error-level findings refuse it unless forced),
/// then apply atomically to the balancers and YARP. A refused config never replaces the one serving; every
/// outcome is logged as one line and raised as an event for the journal.
/// </summary>
internal sealed partial class ConfigGate
{
    private readonly object _applyLock = new();
    private readonly FulcrumServerContext _context;
    private readonly Func<FulcrumConfig, IReadOnlyList<AuditIssue>> _audit;
    private readonly ILogger _logger;

    public ConfigGate(FulcrumServerContext context, Func<FulcrumConfig, IReadOnlyList<AuditIssue>> audit, ILogger logger)
    {
        _context = context;
        _audit = audit;
        _logger = logger;
    }

    public FulcrumConfig? Current { get; private set; }

    public string? CurrentYaml { get; private set; }

    /// <summary>Raised after a config was applied: (previous or null, new, yaml, result, trigger).</summary>
    public event Action<FulcrumConfig?, FulcrumConfig, string, ApplyResult, ConfigTrigger>? Applied;

    /// <summary>Raised after a config was refused.</summary>
    public event Action<ApplyResult, ConfigTrigger, string>? Refused;

    public ApplyResult TryApplyYaml(string yaml, string sourceName, ConfigTrigger trigger, bool force)
    {
        FulcrumConfig config;
        try
        {
            // A posted config has no folder of its own: relative paths in it mean what they meant for the serving one.
            var folder = Current is { } current && File.Exists(current.Source.File)
                ? Path.GetDirectoryName(Path.GetFullPath(current.Source.File))!
                : Directory.GetCurrentDirectory();
            config = ConfigLoader.Parse(yaml, sourceName, folder);
        }
        catch (ConfigException e)
        {
            return Refuse(ApplyResult.Refused($"config refused: {sourceName} is invalid ({e.Errors.Count} error(s))", e.Errors, []), trigger, sourceName);
        }
        return TryApply(config, yaml, trigger, force);
    }

    public ApplyResult TryApply(FulcrumConfig config, string yaml, ConfigTrigger trigger, bool force)
    {
        var findings = _audit(config);
        var errors = findings.Where(f => f.IsError).ToArray();
        if (errors.Length > 0 && !force)
        {
            return Refuse(
                ApplyResult.Refused($"config refused: {config.Source.File} has {errors.Length} error-level audit finding(s); use --force / ?force=true to apply anyway", [], findings),
                trigger,
                config.Source.File);
        }

        ApplyResult result;
        FulcrumConfig? previous;
        lock (_applyLock)
        {
            previous = Current;
            // Balancers first, so YARP finds Fulcrum's runtime for every cluster it is about to build.
            _context.Registry.Apply(config);
            _context.ConfigProvider.Apply(config);
            Current = config;
            CurrentYaml = yaml;
            var forced = errors.Length > 0;
            result = new ApplyResult(true, forced,
                $"config applied from {config.Source.File} ({trigger}): {config.Routes.Count} route(s), {config.Clusters.Count} cluster(s)" +
                (forced ? $", FORCED past {errors.Length} error-level finding(s)" : ""),
                [], findings);
        }
        if (result.Forced)
        {
            LogForced(_logger, result.Message);
        }
        else
        {
            LogApplied(_logger, result.Message);
        }
        Applied?.Invoke(previous, config, yaml, result, trigger);
        return result;
    }

    private ApplyResult Refuse(ApplyResult result, ConfigTrigger trigger, string source)
    {
        var reasons = result.Errors.Select(e => e.ToString()).Concat(result.Findings.Where(f => f.IsError).Select(f => f.ToString()));
        LogRefused(_logger, result.Message, string.Join(" | ", reasons));
        Refused?.Invoke(result, trigger, source);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogApplied(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogForced(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Message}; the running config keeps serving: {Reasons}")]
    private static partial void LogRefused(ILogger logger, string message, string reasons);
}
