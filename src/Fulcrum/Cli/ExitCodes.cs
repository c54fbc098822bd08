namespace Fulcrum.Cli;

/// <summary>Exit codes of the contract: 0 clean, 1 error-level audit findings, 2 invalid config or bad usage.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int AuditErrors = 1;
    public const int InvalidConfig = 2;
}
