using Fulcrum.Tests.Deploy;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>The real curl against a Fulcrum listener: prints "status http-version" for one request.</summary>
internal static class CurlRun
{
    /// <summary>Null when curl is not installed (and the test is off CI): the caller returns, reported as not checked.</summary>
    public static async Task<string?> StatusAndVersionAsync(ITestOutputHelper output, params string[] arguments)
    {
        if (ExternalTool.Require("curl", "curl", output) is not { } curl)
        {
            return null;
        }
        string[] all = ["-sS", "--max-time", "20", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", .. arguments];
        var result = await ExternalTool.RunAsync(curl, all, Path.GetTempPath());
        output.WriteLine($"curl {string.Join(' ', arguments)} -> {result.Output}");
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output.Trim();
    }
}
