using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>deploy/systemd/fulcrum.service, verified by systemd's own parser (unknown keys, bad values).</summary>
public sealed class SystemdUnitTests(ITestOutputHelper output)
{
    private static readonly string UnitPath = RepositoryRoot.Combine("deploy", "systemd", "fulcrum.service");

    [Fact]
    public async Task UnitVerifiesWithoutWarnings()
    {
        if (ExternalTool.Require("systemd-analyze", "systemd", output) is not { } analyze)
        {
            return;
        }
        // verify checks that ExecStart exists; the test machine has no /usr/local/bin/fulcrum, so a copy of the
        // unit points at an executable that does exist. Everything else is verified as written.
        var folder = Directory.CreateTempSubdirectory("fulcrum-unit-").FullName;
        try
        {
            var unit = await File.ReadAllTextAsync(UnitPath);
            Assert.Contains("ExecStart=/usr/local/bin/fulcrum run -c /etc/fulcrum/fulcrum.yaml", unit);
            var copy = Path.Combine(folder, "fulcrum.service");
            await File.WriteAllTextAsync(copy, unit.Replace("/usr/local/bin/fulcrum", "/bin/true", StringComparison.Ordinal));

            var result = await ExternalTool.RunAsync(analyze, ["verify", copy], folder);
            output.WriteLine(result.Output);
            Assert.True(result.ExitCode == 0, result.Output);
            // Unknown keys and bad values are only warnings (exit 0), so any line about the unit is a failure.
            Assert.DoesNotContain("fulcrum.service", result.Output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Type=simple")]
    [InlineData("ExecReload=/bin/kill -HUP $MAINPID")]
    [InlineData("KillSignal=SIGTERM")]
    [InlineData("Restart=on-failure")]
    [InlineData("RestartPreventExitStatus=1 2")]
    [InlineData("NoNewPrivileges=yes")]
    [InlineData("ProtectSystem=strict")]
    [InlineData("ReadWritePaths=/var/lib/fulcrum")]
    [InlineData("DynamicUser=yes")]
    public async Task UnitCarriesTheOperationalSettings(string line)
    {
        var lines = (await File.ReadAllLinesAsync(UnitPath)).Select(l => l.Trim());
        Assert.Contains(line, lines);
    }
}
