namespace Fulcrum.Cli;

/// <summary>
/// Exit codes of the contract: 0 clean, 1 error-level audit findings, 2 invalid config or bad usage; 3 and up are
/// runtime failures that may heal on their own (systemd restarts on them, not on 1 and 2).
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int AuditErrors = 1;
    public const int InvalidConfig = 2;
    public const int CannotBind = 3;
    public const int CertificateUnreadable = 4;
    /// <summary>Any other runtime failure, e.g. the fleet store is unreachable (the same code as a busy port: both may heal).</summary>
    public const int RuntimeFailure = 3;
    /// <summary>
    /// An exception nobody expected (a bug, or e.g. a journal file that is not a database): a runtime failure, so
    /// systemd restarts on it; never 1, which means the audit refused the config.
    /// </summary>
    public const int UnexpectedFailure = 5;
}
