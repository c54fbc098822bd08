namespace Fulcrum.Cli;

/// <summary>Exit codes of the contract: 0 clean, 1 error-level audit findings, 2 invalid config or bad usage, 3 runtime failure (e.g. the fleet store is unreachable).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int AuditErrors = 1;
    public const int InvalidConfig = 2;
    public const int RuntimeFailure = 3;
}
