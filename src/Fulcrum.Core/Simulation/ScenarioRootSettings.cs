using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Simulation;

/// <summary>Parses a scenario file's top-level run settings: seed, requests, duration, arrivals and keys.</summary>
internal static class ScenarioRootSettings
{
    public static SimulationScenario Apply(ScenarioYamlReader yaml, Dictionary<string, ConfigNode> nodes, SimulationScenario scenario)
    {
        if (nodes.TryGetValue("seed", out var seed))
        {
            scenario = scenario with { Seed = yaml.Int(seed, "seed") ?? scenario.Seed };
        }
        if (nodes.TryGetValue("requests", out var requests))
        {
            scenario = scenario with { Requests = yaml.Int(requests, "requests", 0) ?? scenario.Requests };
        }
        if (nodes.TryGetValue("duration", out var duration))
        {
            scenario = scenario with { Duration = yaml.Duration(duration, "duration") };
            if (scenario.Duration == TimeSpan.Zero)
            {
                yaml.Error(duration, "duration", "must be above 0");
            }
            if (!nodes.ContainsKey("requests"))
            {
                scenario = scenario with { Requests = 0 }; // a duration alone means: as many as arrive in it
            }
        }
        if (scenario.Requests == 0 && scenario.Duration is null && requests is not null)
        {
            yaml.Error(requests, "requests", "0 means no limit, which needs a duration: to end the run");
        }
        if (nodes.TryGetValue("keys", out var keys) && yaml.Mapping(keys, "keys") is { } keysMapping)
        {
            scenario = scenario with { Keys = KeysOf(yaml, keysMapping) };
        }
        if (!nodes.TryGetValue("arrivals", out var arrivals))
        {
            yaml.Errors.Add(new Config.ConfigError(new Config.SourceLocation(yaml.File, 1, 1), "arrivals",
                "a scenario needs arrivals: { process: poisson, rate: 1000 } (or load: 0.7 instead of rate)"));
            return scenario;
        }
        if (yaml.Mapping(arrivals, "arrivals") is { } arrivalsMapping && ArrivalsOf(yaml, arrivalsMapping, scenario) is { } process)
        {
            scenario = scenario with { Arrivals = process };
        }
        return scenario;
    }

    private static ArrivalProcess? ArrivalsOf(ScenarioYamlReader yaml, MapNode mapping, SimulationScenario scenario)
    {
        var kind = ArrivalKind.Poisson;
        double? rate = null;
        double? load = null;
        ConfigNode? loadNode = null;
        foreach (var (key, _, value) in yaml.Entries(mapping, "arrivals", "process", "rate", "load"))
        {
            var path = "arrivals." + key;
            switch (key)
            {
                case "process":
                    switch (ScenarioYamlReader.ScalarText(value))
                    {
                        case "poisson": kind = ArrivalKind.Poisson; break;
                        case "fixed": kind = ArrivalKind.FixedRate; break;
                        default: yaml.Error(value, path, "allowed: poisson, fixed"); break;
                    }
                    break;
                case "rate":
                    rate = yaml.Double(value, path, 0, exclusiveMin: true);
                    break;
                case "load":
                    load = yaml.Double(value, path, 0, exclusiveMin: true);
                    loadNode = value;
                    break;
            }
        }
        if (HasKey(mapping, "rate") == HasKey(mapping, "load"))
        {
            yaml.Error(mapping, "arrivals", "give either rate: (requests per second) or load: (fraction of total capacity), one of them");
            return null;
        }
        if (load is { } fraction)
        {
            if (scenario.TotalCapacity() is not { } capacity || capacity <= 0)
            {
                yaml.Error(loadNode!, "arrivals.load", "load needs a finite capacity for every destination with weight: give them a concurrency (not unlimited), or use rate:");
                return null;
            }
            rate = fraction * capacity;
        }
        return rate is { } perSecond ? new ArrivalProcess(kind, perSecond) : null;
    }

    private static KeyDistribution KeysOf(ScenarioYamlReader yaml, MapNode mapping)
    {
        var kind = KeyDistributionKind.Uniform;
        var count = SimulationScenario.DefaultKeyCount;
        var exponent = 1.0;
        foreach (var (key, _, value) in yaml.Entries(mapping, "keys", "distribution", "count", "exponent"))
        {
            var path = "keys." + key;
            switch (key)
            {
                case "distribution":
                    switch (ScenarioYamlReader.ScalarText(value))
                    {
                        case "uniform": kind = KeyDistributionKind.Uniform; break;
                        case "zipf": kind = KeyDistributionKind.Zipf; break;
                        default: yaml.Error(value, path, "allowed: uniform, zipf"); break;
                    }
                    break;
                case "count":
                    count = yaml.Int(value, path, 1) ?? count;
                    break;
                case "exponent":
                    exponent = yaml.Double(value, path, 0) ?? exponent;
                    break;
            }
        }
        return new KeyDistribution(kind, count, exponent);
    }

    private static bool HasKey(MapNode mapping, string key) =>
        mapping.Find(key) is not null;
}
