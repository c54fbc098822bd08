using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;
using Xunit.Abstractions;

namespace Fulcrum.Core.Tests.Config.Hostile;

/// <summary>
/// Thousands of generated hostile configs (fixed seeds, so every run tries the same ones): whatever the text, the
/// loader either loads it or throws <see cref="ConfigException"/> with located, bounded, printable errors, in
/// bounded time. Issue 10: hostile input never kills the proxy.
/// </summary>
public class HostileConfigTests(ITestOutputHelper output)
{
    private static readonly string Sample = File.ReadAllText(RepoFiles.Find("samples/fulcrum.yaml"));
    private static readonly string ScenarioSample = File.ReadAllText(RepoFiles.Find("samples/scenarios/slow-destination.yaml"));

    [Fact]
    public void Deep_nesting_fails_cleanly()
    {
        Run(1000, 300, (yaml, i) => yaml.DeepNesting(depth: i % 3 == 0 ? 12_000 + i : 40 + (i * 37 % 400)));
    }

    [Fact]
    public void Huge_scalars_fail_cleanly()
    {
        // Mostly just past the scalar cap; every tenth a megabyte-class value.
        Run(2000, 100, (yaml, i) => yaml.HugeScalar(i % 10 == 0 ? 1_000_000 + i : 8_000 + i * 7));
    }

    [Fact]
    public void Huge_and_malformed_numbers_fail_cleanly()
    {
        Run(3000, 600, (yaml, _) => yaml.HugeNumber());
    }

    [Fact]
    public void Random_characters_fail_cleanly()
    {
        Run(4000, 600, (yaml, i) => yaml.RandomText(i * 5 % 3_000));
    }

    [Fact]
    public void Mutations_of_the_sample_load_or_fail_cleanly()
    {
        Run(10000, 1_500, (yaml, _) => yaml.Mutated());
    }

    [Fact]
    public void Alias_bombs_fail_cleanly()
    {
        Run(20000, 200, (yaml, i) => yaml.AliasBomb(fanOut: 2 + i % 29, levels: 1 + i % 12));
    }

    [Fact]
    public void Scenario_files_get_the_same_protection()
    {
        var cases = 0;
        for (var i = 0; i < 600; i++)
        {
            var yaml = new HostileYaml(seed: 50_000 + i, ScenarioSample);
            var text = (i % 5) switch
            {
                0 => yaml.DeepNesting(12_000),
                1 => yaml.AliasBomb(2 + i % 20, 1 + i % 12),
                2 => yaml.HugeNumber(),
                3 => yaml.RandomText(i % 2_000),
                _ => yaml.Mutated(),
            };
            CleanFailure.Assert(() => ScenarioFile.Parse(text, "fuzz-scenario.yaml", "/nonexistent"), $"scenario case {i} (seed {50_000 + i})");
            cases++;
        }
        output.WriteLine($"{cases} hostile scenarios");
    }

    /// <summary>Runs <paramref name="count"/> cases through the loader, case i generated from seed <paramref name="firstSeed"/> + i.</summary>
    private void Run(int firstSeed, int count, Func<HostileYaml, int, string> generate, [System.Runtime.CompilerServices.CallerMemberName] string family = "")
    {
        var loaded = 0;
        for (var i = 0; i < count; i++)
        {
            var seed = firstSeed + i;
            var text = generate(new HostileYaml(seed, Sample), i);
            var ok = true;
            CleanFailure.Assert(() =>
            {
                ok = false;
                ConfigLoader.Parse(text, "fuzz.yaml", "/tmp");
                ok = true;
            }, $"{family} case {i} (seed {seed}, {text.Length} chars)");
            loaded += ok ? 1 : 0;
        }
        output.WriteLine($"{family}: {count} cases, {loaded} loaded, {count - loaded} refused cleanly");
    }
}
