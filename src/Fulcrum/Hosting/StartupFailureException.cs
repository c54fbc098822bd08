namespace Fulcrum.Hosting;

/// <summary>
/// The config was valid but the machine refused it at start: a listen address is taken, a certificate file cannot be
/// read. Unlike a bad config these can heal (the port frees up, the certificate is renewed), so <c>fulcrum run</c>
/// exits with a runtime code that systemd restarts on.
/// </summary>
public sealed class StartupFailureException(StartupFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public StartupFailure Failure { get; } = failure;
}

public enum StartupFailure
{
    /// <summary>A listen or admin address could not be bound (in use, not permitted, no such interface).</summary>
    Bind,

    /// <summary>A TLS certificate or key file is missing, unreadable or not a matching PEM pair.</summary>
    Certificate,
}
