using Fulcrum.Core.Config;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Parses an inline cluster of a scenario file: the settings of a fulcrum.yaml cluster that change how the
/// balancer picks (name, policy, hash, peak-ewma, slow-start, destinations with weight, capacity and address). For
/// everything else, point the scenario at a real config file with `config:`.
/// </summary>
internal static class ScenarioClusterParser
{
    public const string DefaultName = "simulated";

    /// <summary>The hash key does not matter in a simulation (keys come from `keys:`); this fills the required field.</summary>
    private static readonly HashKey SimulatedKey = new(HashKeySource.Header, "X-Simulated-Key");

    public static ClusterConfig? Parse(ScenarioYamlReader yaml, MapNode mapping, string field)
    {
        var name = DefaultName;
        var policy = PolicyKind.RoundRobin;
        HashConfig? hash = null;
        var peakEwma = PeakEwmaConfig.Default;
        ConfigNode? peakEwmaNode = null;
        TimeSpan? slowStart = null;
        var destinations = new List<DestinationConfig>();
        var ok = true;
        foreach (var (key, _, value) in yaml.Entries(mapping, field, "name", "policy", "hash", "peak-ewma", "slow-start", "destinations"))
        {
            var path = ScenarioYamlReader.Join(field, key);
            switch (key)
            {
                case "name":
                    name = yaml.String(value, path) ?? name;
                    break;
                case "policy":
                    if (!Policies.TryParse(ScenarioYamlReader.ScalarText(value) ?? "", out policy))
                    {
                        yaml.Error(value, path, $"unknown policy; allowed: {string.Join(", ", Policies.AllNames)}");
                    }
                    break;
                case "hash":
                    hash = yaml.Mapping(value, path) is { } hashMapping ? HashOf(yaml, hashMapping, path) : null;
                    break;
                case "peak-ewma":
                    peakEwmaNode = value;
                    peakEwma = yaml.Mapping(value, path) is { } peakMapping ? PeakEwmaOf(yaml, peakMapping, path) : peakEwma;
                    break;
                case "slow-start":
                    slowStart = yaml.Duration(value, path);
                    break;
                case "destinations":
                    ok &= DestinationsOf(yaml, value, path, destinations);
                    break;
            }
        }
        if (destinations.Count == 0 && ok)
        {
            yaml.Error(mapping, ScenarioYamlReader.Join(field, "destinations"), "a cluster needs at least one destination");
        }
        if (Policies.IsHashing(policy))
        {
            hash ??= new HashConfig(SimulatedKey, null);
        }
        if (peakEwmaNode is not null && policy != PolicyKind.PeakEwma)
        {
            yaml.Error(peakEwmaNode, ScenarioYamlReader.Join(field, "peak-ewma"), $"'peak-ewma' holds settings of policy peak-ewma, but the policy is {Policies.Name(policy)}");
        }
        return new ClusterConfig { Name = name, Policy = policy, Hash = hash, PeakEwma = peakEwma, SlowStart = slowStart, Destinations = destinations };
    }

    /// <summary>Parses `{ weight, capacity, address }` of one destination (address optional in a simulation).</summary>
    public static DestinationConfig DestinationOf(ScenarioYamlReader yaml, string name, int index, MapNode mapping, string field, params string[] extraKeys)
    {
        var destination = new DestinationConfig(name, ClusterEdits.SimulatedAddress(name, index));
        foreach (var (key, _, value) in yaml.Entries(mapping, field, ["weight", "capacity", "address", .. extraKeys]))
        {
            var path = ScenarioYamlReader.Join(field, key);
            switch (key)
            {
                case "weight":
                    destination = yaml.Int(value, path, 0) is { } weight ? destination with { Weight = weight } : destination;
                    break;
                case "capacity":
                    destination = yaml.Double(value, path, 0, exclusiveMin: true) is { } capacity ? destination with { Capacity = capacity } : destination;
                    break;
                case "address":
                    if (Uri.TryCreate(ScenarioYamlReader.ScalarText(value), UriKind.Absolute, out var address))
                    {
                        destination = destination with { Address = address };
                    }
                    else
                    {
                        yaml.Error(value, path, "expected an absolute URL like http://127.0.0.1:9001");
                    }
                    break;
            }
        }
        return destination;
    }

    private static bool DestinationsOf(ScenarioYamlReader yaml, ConfigNode node, string field, List<DestinationConfig> destinations)
    {
        if (yaml.Mapping(node, field) is not { } mapping)
        {
            return false;
        }
        foreach (var (name, keyNode, value) in yaml.Entries(mapping, field))
        {
            var path = ScenarioYamlReader.Join(field, name);
            if (name.Length == 0)
            {
                yaml.Error(keyNode, path, "a destination needs a name");
                continue;
            }
            var settings = value is ScalarNode { Value: "" } ? ScenarioYamlReader.EmptyMapping(value) : yaml.Mapping(value, path);
            if (settings is not null)
            {
                destinations.Add(DestinationOf(yaml, name, destinations.Count, settings, path));
            }
        }
        return true;
    }

    /// <summary>`{ choices, parallelism, cost }`, with the config file's bounds and values (<see cref="PeakEwmaConfig"/>).</summary>
    private static PeakEwmaConfig PeakEwmaOf(ScenarioYamlReader yaml, MapNode mapping, string field)
    {
        var settings = PeakEwmaConfig.Default;
        foreach (var (key, _, value) in yaml.Entries(mapping, field, "choices", "parallelism", "cost"))
        {
            var path = ScenarioYamlReader.Join(field, key);
            if (key == "cost")
            {
                var text = yaml.String(value, path);
                if (PeakEwmaConfig.ParseCost(text) is { } cost)
                {
                    settings = settings with { Cost = cost };
                }
                else if (text is not null)
                {
                    yaml.Error(value, path, $"'{text}' is not a peak-ewma cost; use {string.Join(" or ", PeakEwmaConfig.CostNames)}");
                }
                continue;
            }
            var (min, max) = key == "choices" ? (2, PeakEwmaConfig.MaxChoices) : (1, PeakEwmaConfig.MaxParallelism);
            if (yaml.Int(value, path, min) is not { } number)
            {
                continue;
            }
            if (number > max)
            {
                yaml.Error(value, path, $"{number} is too large; at most {max}");
                continue;
            }
            settings = key == "choices" ? settings with { Choices = number } : settings with { Parallelism = number };
        }
        return settings;
    }

    private static HashConfig HashOf(ScenarioYamlReader yaml, MapNode mapping, string field)
    {
        double? balanceFactor = null;
        foreach (var (key, _, value) in yaml.Entries(mapping, field, "key", "balance-factor"))
        {
            if (key == "balance-factor")
            {
                balanceFactor = yaml.Double(value, ScenarioYamlReader.Join(field, key), 1, exclusiveMin: true);
            }
        }
        return new HashConfig(SimulatedKey, balanceFactor);
    }
}
