namespace Fulcrum.Tests.Deploy;

/// <summary>Exit code and combined stdout + stderr of a finished tool run.</summary>
internal sealed record ToolResult(int ExitCode, string Output);
