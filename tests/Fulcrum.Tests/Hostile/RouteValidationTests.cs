using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Journal;
using Fulcrum.Tests.Cli;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Hostile;

/// <summary>
/// Route templates and hosts the data plane refuses are refused everywhere a config is checked — validate, audit,
/// POST /api/audit, POST /api/config, start — with the route's line and column, never served as 404s.
/// </summary>
public sealed class RouteValidationTests
{
    public static TheoryData<string, string> BadRoutes => new()
    {
        { "path: \"/{\"", "match.path" },
        { "path: \"/{x}/{x}\"", "match.path" },
        { "path: \"/{x:nosuch}\"", "match.path" },
        { "path: \"/{**rest}\", hosts: [\"\"]", "match.hosts" },
    };

    /// <summary>A valid one-cluster config whose only route has <paramref name="match"/> (line 5, the match line).</summary>
    internal static string WithMatch(string match) =>
        Configs.OneCluster("round-robin", "a: { address: \"{a}\" }").Replace("match: { path: \"/{**rest}\" }", $"match: {{ {match} }}", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task Validate_and_audit_refuse_the_route_with_its_line_and_column(string match, string field)
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-routes-").FullName;
        var path = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, WithMatch(match).Replace("{a}", "http://127.0.0.1:1", StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal));

        var validate = await CliRunner.RunAsync(folder, "validate", "-c", path);
        var audit = await CliRunner.RunAsync(folder, "audit", "-c", path);

        Assert.True(validate.ExitCode == 2, validate.ToString());
        Assert.Contains($"fulcrum.yaml:6:", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains($"routes[0].{field}", validate.Stderr, StringComparison.Ordinal);
        Assert.True(audit.ExitCode == 2, audit.ToString());
        Assert.Contains($"fulcrum.yaml:6:", audit.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task Post_api_audit_answers_422_with_the_route_position(string match, string field)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));

        using var response = await rig.Admin.PostAsync("/api/audit", Yaml(rig.Fill(WithMatch(match))));

        Assert.Equal(422, (int)response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("errors").EnumerateArray().First();
        Assert.Equal($"routes[0].{field}", error.GetProperty("field").GetString());
        Assert.Equal(6, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() > 1);
    }

    [Fact]
    public async Task Post_api_config_with_a_bad_template_is_refused_journaled_and_never_a_rollback_target()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var serving = rig.Server.Gate.CurrentYaml;
        var configsBefore = rig.Server.Journal.LatestConfig()!.Id;

        using var response = await rig.Admin.PostAsync("/api/config", Yaml(rig.Fill(WithMatch("path: \"/{\""))));

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
        Assert.Equal(configsBefore, rig.Server.Journal.LatestConfig()!.Id);
        var refused = Assert.Single(rig.Server.Journal.Read(kinds: [EventKinds.ConfigRefused]));
        Assert.Contains("routes[0].match.path", refused.Details, StringComparison.Ordinal);
        Assert.All(await rig.SendAsync(5), status => Assert.Equal(200, status));
    }

    [Fact]
    public async Task Starting_with_an_unknown_constraint_is_an_invalid_config_with_its_position()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => ProxyRig.StartAsync(WithMatch("path: \"/{x:nosuch}\""), ProxyRig.Named(1)));

        var route = Assert.Single(error.Errors);
        Assert.Equal(("routes[0].match.path", 6), (route.Field, route.Location.Line));
    }

    [Fact]
    public async Task Fulcrum_run_with_a_bad_template_exits_2_naming_the_line()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-routes-run-").FullName;
        var path = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(path, WithMatch("path: \"/{x}/{x}\"").Replace("{a}", "http://127.0.0.1:1", StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal));

        var run = await CliRunner.RunAsync(folder, "run", "-c", path);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("fulcrum.yaml:6:", run.Stderr, StringComparison.Ordinal);
    }

    internal static StringContent Yaml(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("application/yaml"));
}
