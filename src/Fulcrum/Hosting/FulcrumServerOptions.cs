namespace Fulcrum.Hosting;

/// <summary>How to start a Fulcrum server: from a config file (watched for changes) or from YAML text (the demo).</summary>
internal sealed record FulcrumServerOptions
{
    public string? ConfigPath { get; init; }
    /// <summary>Config text used instead of reading <see cref="ConfigPath"/> (which then only names it).</summary>
    public string? ConfigYaml { get; init; }
    public bool Force { get; init; }

    /// <summary>Why the start config is forced (<c>fulcrum run --force --reason</c>), journaled with the OS user.</summary>
    public string? Reason { get; init; }
    public LogFormat LogFormat { get; init; } = LogFormat.Text;
    public TimeProvider Time { get; init; } = TimeProvider.System;
    /// <summary>Reload when the config file changes, and on SIGHUP.</summary>
    public bool WatchConfig { get; init; } = true;
    /// <summary>Distribution monitoring on the request path (off only to measure its overhead).</summary>
    public bool Monitoring { get; init; } = true;
    /// <summary>
    /// Trace context on the request path (an <c>Activity</c> per request, <c>traceparent</c> written towards
    /// destinations), as in any ASP.NET app. Default off: see <see cref="TraceContext"/>.
    /// </summary>
    public bool Tracing { get; init; }
    /// <summary>
    /// YARP's first active health probe of the start config one interval after the start instead of at once (the demo:
    /// see <see cref="Hosting.FirstProbeAtInterval"/>). Default off: <c>fulcrum run</c> probes at once, as YARP does.
    /// </summary>
    public bool FirstProbeAtInterval { get; init; }
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// The build this process counts as for reusing a journaled audit at start; null: this one
    /// (<see cref="Fulcrum.Operations.AuditBuild.Current"/>). A test stands in another build with it.
    /// </summary>
    public Fulcrum.Operations.AuditBuild? AuditBuild { get; init; }
    /// <summary>An extra log sink next to the console (a test reads the structured properties of log lines).</summary>
    public Microsoft.Extensions.Logging.ILoggerProvider? ExtraLogger { get; init; }
}

/// <summary>The config at start has error-level audit findings and was not forced.</summary>
internal sealed class StartupRefusedException(ApplyResult result) : Exception(result.Message)
{
    public ApplyResult Result { get; } = result;
}
