using System.Text.Json;

namespace Fulcrum.Tests.Cli;

/// <summary><c>fulcrum audit</c> through the real executable: the contract's exit codes and each output format.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly CliTempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task The_clean_sample_exits_0()
    {
        var result = await dir.RunAsync("audit", "-c", dir.SamplePath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no findings", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_config_defaults_to_fulcrum_yaml_in_the_current_folder()
    {
        var result = await dir.RunAsync("audit");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("fulcrum.yaml: no findings", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_destination_address_exits_1_with_FUL001_at_its_line()
    {
        var path = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("audit", "-c", path);

        Assert.True(result.ExitCode == 1, result.ToString());
        var finding = Assert.Single(result.Stdout.Split('\n'), l => l.Contains("FUL001", StringComparison.Ordinal));
        Assert.Contains($"{path}:{LineOf(path, "web-2:")}:", finding, StringComparison.Ordinal);
        Assert.Contains("error FUL001", finding, StringComparison.Ordinal);
        Assert.Contains("1 error", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_piped_to_a_file_has_no_color_codes()
    {
        var path = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("audit", "-c", path);

        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public async Task Group_by_file_heads_the_findings_with_the_file()
    {
        var path = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("audit", "-c", path, "--group-by", "file", "--no-color");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(path, result.Stdout.Split('\n')[0]);
    }

    [Fact]
    public async Task An_invalid_config_exits_2_with_every_error_positioned_on_stderr()
    {
        var path = dir.WriteSampleVariant("bad.yaml", "policy: round-robin", "policy: fastest-first");

        var result = await dir.RunAsync("audit", "-c", path);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{path}:{LineOf(path, "fastest-first")}:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("fastest-first", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_missing_config_exits_2()
    {
        var result = await dir.RunAsync("audit", "-c", Path.Combine(dir.Folder, "nope.yaml"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no such file", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml")]
    [InlineData("--group-by", "severity")]
    public async Task An_unknown_format_or_grouping_is_bad_usage_and_exits_2(string option, string value)
    {
        var result = await dir.RunAsync("audit", "-c", dir.SamplePath, option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option}: '{value}'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_parses_and_carries_the_findings_and_exit_code()
    {
        var path = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("audit", "-c", path, "--format", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(path, root.GetProperty("file").GetString());
        var finding = root.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("ruleId").GetString() == "FUL001");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(LineOf(path, "web-2:"), finding.GetProperty("line").GetInt32());
        Assert.Equal("web", finding.GetProperty("cluster").GetString());
        Assert.Equal(1, root.GetProperty("summary").GetProperty("exitCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("comparison").ValueKind);
    }

    [Fact]
    public async Task Sarif_output_is_version_2_1_0_with_results_at_paths_relative_to_the_current_folder()
    {
        var path = dir.WriteDuplicateAddress();

        var result = await dir.RunAsync("audit", "-c", path, "--format", "sarif");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "FUL001");
        var sarifResult = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "FUL001");
        Assert.Equal("error", sarifResult.GetProperty("level").GetString());
        var location = sarifResult.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("dup.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
        Assert.Equal(LineOf(path, "web-2:"), location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public async Task Against_an_older_config_prints_how_the_predicted_shares_move()
    {
        var heavier = dir.WriteSampleVariant("heavier.yaml", "web-1: { address: http://127.0.0.1:9001, weight: 1", "web-1: { address: http://127.0.0.1:9001, weight: 2");

        var result = await dir.RunAsync("audit", "-c", heavier, "--against", dir.SamplePath);

        Assert.Contains("web-1: 33 % → 50 %", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("web-2: 33 % → 25 %", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Against_in_json_fills_the_comparison()
    {
        var heavier = dir.WriteSampleVariant("heavier.yaml", "web-1: { address: http://127.0.0.1:9001, weight: 1", "web-1: { address: http://127.0.0.1:9001, weight: 2");

        var result = await dir.RunAsync("audit", "-c", heavier, "--against", dir.SamplePath, "--format", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        var web = json.RootElement.GetProperty("comparison").GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("cluster").GetString() == "web");
        var web1 = web.GetProperty("destinations").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "web-1");
        Assert.Equal(0.5, web1.GetProperty("newShare").GetDouble(), precision: 2);
        Assert.Equal(0.333, web1.GetProperty("oldShare").GetDouble(), precision: 2);
    }

    [Fact]
    public async Task An_invalid_against_config_exits_2()
    {
        var bad = dir.Write("old.yaml", "routes: [");

        var result = await dir.RunAsync("audit", "-c", dir.SamplePath, "--against", bad);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("old.yaml:", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The 1-based line of the first occurrence of <paramref name="text"/>.</summary>
    private static int LineOf(string path, string text) =>
        File.ReadAllLines(path).Select((line, index) => (line, index)).First(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;
}
