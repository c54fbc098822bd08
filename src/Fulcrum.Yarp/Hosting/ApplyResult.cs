using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;

namespace Fulcrum.Hosting;

/// <summary>Where a config came from.</summary>
internal enum ConfigTrigger
{
    Startup,
    FileChange,
    Signal,
    AdminApi,
    Rollback,
    /// <summary>An embedding app's own YARP config source (appsettings.json, a custom provider) changed.</summary>
    YarpConfig,
    /// <summary>A version published to the fleet store (<c>fulcrum config push</c>, fleet rollback).</summary>
    Fleet,
}

/// <summary>What happened to a config offered to the gate: applied (maybe forced past the audit) or refused, and why.</summary>
internal sealed record ApplyResult(
    bool Applied,
    bool Forced,
    string Message,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<AuditIssue> Findings)
{
    /// <summary>Who asked for it and why (null when nobody in particular: a file watcher's reload).</summary>
    public ConfigActor? Actor { get; init; }

    /// <summary>
    /// Not applied because a later posted config took this one's place while it waited (the latest wins); the
    /// message says what became of that later one.
    /// </summary>
    public bool Superseded { get; init; }

    /// <summary>Not looked at: too many posted configs were waiting already (answered 429).</summary>
    public bool Busy { get; init; }

    /// <summary>The key the findings are journaled under with the config, for a restart to reuse them (null: not kept).</summary>
    public string? AuditKey { get; init; }

    /// <summary>
    /// The audit's share predictions, journaled with the findings under <see cref="AuditKey"/> so that a restart which
    /// reuses the findings also starts its incremental audit from them (its first reload simulates only what changed).
    /// </summary>
    public IReadOnlyList<SharePrediction> Predictions { get; init; } = [];

    /// <summary>The journaled config whose audit this one reused instead of simulating (a restart, same text, same build).</summary>
    public long? AuditReusedFrom { get; init; }

    public static ApplyResult Refused(string message, IReadOnlyList<ConfigError> errors, IReadOnlyList<AuditIssue> findings) =>
        new(false, false, message, errors, findings);
}

/// <summary>A finding of the config audit as the gate reports it.</summary>
internal sealed record AuditIssue(string RuleId, string Severity, string Message, SourceLocation Location)
{
    public bool IsError => Severity == "error";

    public override string ToString() => $"{Location}: {Severity} {RuleId}: {Message}";
}
