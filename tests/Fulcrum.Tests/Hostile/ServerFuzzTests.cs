using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Fulcrum.Core.Tests.Config.Hostile;
using Fulcrum.Hosting;
using Fulcrum.Tests.Cli;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Hostile;

/// <summary>
/// Thousands of generated hostile configs (fixed seeds) through a running server: POST /api/audit and a reload of
/// the watched file for every one, POST /api/config for a share. No process death, no 500, no request over 5 s, every error located,
/// and the serving config unchanged after each refusal. FULCRUM_FUZZ_CASES overrides the count.
/// </summary>
public sealed class ServerFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 3000;
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(5);

    // Generated text can hold lone surrogates; on disk they become U+FFFD, as an editor would write them.
    private static readonly System.Text.UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly string[] BadTemplates = ["/{", "/{a}/{a}", "/{a:nosuch}", "/{**a}/b", "/{a:min(x)}", "/{}", "/{a?}/{b}", "{", "/\u001b[31m{"];

    [Fact]
    public async Task Hostile_configs_through_audit_config_and_reload_never_break_the_server()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("FULCRUM_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) ? n : DefaultCases;
        var sample = await File.ReadAllTextAsync(CliRunner.RepoFile("samples/fulcrum.yaml"));
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        using var admin = new HttpClient { BaseAddress = rig.Server.AdminAddress, Timeout = PerRequest };
        var clock = Stopwatch.StartNew();
        var statuses = new Dictionary<int, int>();
        int reloads = 0, refusedReloads = 0;

        for (var i = 0; i < cases; i++)
        {
            var yaml = Generate(i, sample);
            var what = $"case {i} ({yaml.Length} chars)";
            var audit = await PostAsync(admin, "/api/audit", yaml, what);
            Count(statuses, audit);
            if (i % 4 == 0)
            {
                var serving = rig.Server.Gate.CurrentYaml;
                var apply = await PostAsync(admin, "/api/config", yaml, what);
                Count(statuses, apply);
                if (apply != HttpStatusCode.OK)
                {
                    Assert.True(ReferenceEquals(serving, rig.Server.Gate.CurrentYaml), $"{what}: refused, yet the serving config changed");
                }
            }
            // Every case is also a reload of the watched file (the SIGHUP path, which always re-applies).
            var before = rig.Server.Gate.CurrentYaml;
            // Written aside and renamed in, as deploy tools do: the watcher never sees a half-written file.
            await File.WriteAllTextAsync(rig.ConfigPath + ".next", yaml, LenientUtf8);
            File.Move(rig.ConfigPath + ".next", rig.ConfigPath, overwrite: true);
            var lastId = rig.Server.Journal.ReadLatest(1).LastOrDefault()?.Id ?? 0;
            rig.Server.Reloader!.Reload(ConfigTrigger.Signal);
            reloads++;
            if (rig.Server.Journal.Read(sinceId: lastId, kinds: [Fulcrum.Journal.EventKinds.ConfigRefused]).Count > 0)
            {
                refusedReloads++;
                Assert.True(ReferenceEquals(before, rig.Server.Gate.CurrentYaml), $"{what}: reload refused, yet the serving config changed");
            }
        }

        output.WriteLine($"{cases} cases in {clock.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}; reloads {reloads}, refused {refusedReloads}");
        Assert.Equal(cases, reloads);
        Assert.True(refusedReloads > cases / 2, $"only {refusedReloads} of {reloads} reloads were refused: the generator lost its teeth");
        Assert.Equal("ok", await admin.GetStringAsync("/healthz"));
    }

    private static string Generate(int i, string sample)
    {
        var yaml = new HostileYaml(seed: 700_000 + i, sample);
        return (i % 20) switch
        {
            0 => yaml.DeepNesting(i % 40 == 0 ? 5_000 : 50 + i % 300),
            1 => yaml.HugeScalar(9_000 + i),
            2 or 3 => yaml.HugeNumber(),
            4 => yaml.RandomText(i % 2_000),
            5 => yaml.AliasBomb(2 + i % 9, 1 + i % 8),
            6 or 7 => sample.Replace("\"/{**rest}\"", "\"" + BadTemplates[i % BadTemplates.Length].Replace("\u001b", "\\e", StringComparison.Ordinal) + "\"", StringComparison.Ordinal),
            8 => sample.Replace("hosts: [shop.example]", i % 2 == 0 ? "hosts: [\"\"]" : "hosts: [\"a b\", \"*.*.x\"]", StringComparison.Ordinal),
            _ => yaml.Mutated(),
        };
    }

    /// <summary>Posts and checks the answer; returns its status.</summary>
    private static async Task<HttpStatusCode> PostAsync(HttpClient admin, string path, string yaml, string what)
    {
        HttpResponseMessage response;
        try
        {
            response = await admin.PostAsync(path, RouteValidationTests.Yaml(yaml));
        }
        catch (TaskCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{what}: {path} took over {PerRequest.TotalSeconds} s");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            Assert.True(status is 200 or 413 or 422, $"{what}: {path} answered {status}: {body}");
            if (status == 422)
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                var located = root.GetProperty("errors").EnumerateArray().Concat(root.GetProperty("findings").EnumerateArray()).ToArray();
                Assert.True(located.Length > 0, $"{what}: {path} refused without a reason: {body}");
                Assert.All(located, e => Assert.True(e.GetProperty("line").GetInt32() >= 1 && e.GetProperty("column").GetInt32() >= 1, $"{what}: unlocated: {e}"));
            }
            return response.StatusCode;
        }
    }

    private static void Count(Dictionary<int, int> statuses, HttpStatusCode status) =>
        statuses[(int)status] = statuses.GetValueOrDefault((int)status) + 1;
}
