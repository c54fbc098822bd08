using System.CommandLine;
using Fulcrum.Core.Config;
using Fulcrum.Core.Simulation;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum simulate</c>: the predicted distribution of each cluster, from the real balancer driven in virtual
/// time — every cluster of a config under the default scenario (docs/simulate.md), or one scenario file.
/// </summary>
internal static class SimulateCommand
{
    // The same defaults a scenario file has (docs/simulate.md), so -c and --scenario runs compare.
    private const int DefaultRequests = 100_000;
    private const int DefaultSeed = 1;

    public static Command Create()
    {
        var config = CliOptions.Config();
        var requests = new Option<int?>("--requests", "-n") { Description = $"Arrivals to simulate per cluster (default 100,000, or the scenario's)." };
        var seed = new Option<int?>("--seed", "-s") { Description = "Random seed: the same seed gives the same result (default 1, or the scenario's)." };
        var scenario = new Option<string?>("--scenario") { Description = "A scenario file (docs/simulate.md): behaviors, arrivals, keys and timed events." };
        var cluster = new Option<string?>("--cluster") { Description = "Simulate only this cluster of the config." };
        var command = new Command("simulate", "Predict how each cluster splits traffic, by running its real balancer in virtual time.")
        {
            config, requests, seed, scenario, cluster,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(requests) is < 1)
            {
                return Usage("--requests must be at least 1");
            }
            return parse.GetValue(scenario) is { } scenarioPath
                ? parse.GetValue(cluster) is not null
                    ? Usage("--cluster applies to -c; a scenario names its cluster itself (cluster:, or config: with cluster:)")
                    : RunScenario(scenarioPath, parse.GetValue(requests), parse.GetValue(seed))
                : RunConfig(parse.GetValue(config)!, parse.GetValue(cluster), parse.GetValue(requests), parse.GetValue(seed));
        });
        return command;
    }

    private static int RunConfig(string path, string? clusterName, int? requests, int? seed)
    {
        if (!ValidateCommand.TryLoad(path, out var loaded))
        {
            return ExitCodes.InvalidConfig;
        }
        var clusters = loaded!.Clusters.ToList();
        if (clusterName is not null)
        {
            if (loaded.FindCluster(clusterName) is not { } one)
            {
                return Usage($"--cluster: no cluster '{clusterName}' in {path}; it has: {string.Join(", ", clusters.Select(c => c.Name))}");
            }
            clusters = [one];
        }
        var scenarios = clusters.Select(c => SimulationScenario.Default(c, requests ?? DefaultRequests, seed ?? DefaultSeed));
        return Simulate(scenarios);
    }

    private static int RunScenario(string path, int? requests, int? seed)
    {
        SimulationScenario scenario;
        try
        {
            scenario = ScenarioFile.Load(path);
        }
        catch (ConfigException e)
        {
            foreach (var error in e.Errors)
            {
                Console.Error.WriteLine(error);
            }
            Console.Error.WriteLine($"{path}: {e.Errors.Count} error(s)");
            return ExitCodes.InvalidConfig;
        }
        scenario = scenario with
        {
            Requests = requests ?? scenario.Requests,
            Seed = seed ?? scenario.Seed,
        };
        return Simulate([scenario]);
    }

    private static int Simulate(IEnumerable<SimulationScenario> scenarios)
    {
        var first = true;
        foreach (var scenario in scenarios)
        {
            SimulationResult result;
            try
            {
                result = Simulator.Run(scenario);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"fulcrum simulate: cluster {scenario.Cluster.Name}: {e.Message}");
                return ExitCodes.InvalidConfig;
            }
            if (!first)
            {
                Console.WriteLine();
            }
            first = false;
            Console.Write(SimulationReport.Format(result));
        }
        return ExitCodes.Ok;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"fulcrum simulate: {message}");
        return ExitCodes.InvalidConfig;
    }
}
