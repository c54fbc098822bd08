using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>A certificate that cannot be served stops <c>fulcrum run</c> with exit 4 and says which file.</summary>
public sealed class CertificateStartupTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_missing_certificate_file_exits_4_naming_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-nocert-").FullName;

        var (exitCode, text) = await RunWithCertificateAsync(folder, "missing.pem", "missing.key");

        Assert.Equal(4, exitCode);
        Assert.Contains(Path.Combine(folder, "missing.pem"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_does_not_match_its_certificate_exits_4()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-badkey-").FullName;
        using var pki = new TestPki(folder);
        pki.Issue("shop", ["shop.example"]);
        pki.Issue("other", ["other.example"]);

        var (exitCode, text) = await RunWithCertificateAsync(folder, "shop.pem", "other.key");

        Assert.Equal(4, exitCode);
        Assert.Contains("shop.pem", text, StringComparison.Ordinal);
    }

    /// <summary><c>fulcrum run</c> with one https listener serving <paramref name="cert"/> and <paramref name="key"/> (relative to the config).</summary>
    private async Task<(int ExitCode, string Output)> RunWithCertificateAsync(string folder, string cert, string key)
    {
        var config = Path.Combine(folder, "fulcrum.yaml");
        var listen = $"listen:\n  - url: https://127.0.0.1:0\n    tls: {{ certificates: [{{ cert: {cert}, key: {key} }}] }}";
        await File.WriteAllTextAsync(config, EdgeConfigs.WithListen(listen, "http://127.0.0.1:1").Replace("{folder}", folder));
        var result = await FulcrumProcess.RunAsync("run", "-c", config, "--force");
        output.WriteLine(result.Output);
        return result;
    }
}
