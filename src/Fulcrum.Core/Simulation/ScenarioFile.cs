using Fulcrum.Core.Config;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Loads a scenario file for `fulcrum simulate --scenario FILE` (format: docs/simulate.md). Every problem is
/// reported at once in a <see cref="ConfigException"/>, each with file:line:column, the field and what is allowed.
/// </summary>
public static class ScenarioFile
{
    private static readonly string[] RootKeys =
        ["seed", "requests", "duration", "arrivals", "keys", "config", "cluster", "defaults", "backends", "events"];

    public static SimulationScenario Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (ConfigText.TryReadFile(path, ConfigLimits.Default, out var error) is not { } text)
        {
            throw new ConfigException([new ConfigError(new SourceLocation(path, 1, 1), "scenario", $"cannot read the file: {error}")]);
        }
        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <param name="baseDirectory">Where a relative `config:` path is resolved (default: the current directory).</param>
    public static SimulationScenario Parse(string text, string fileName, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return ConfigGuard.Run(fileName, "scenario", "scenario", () => ParseUnguarded(text, fileName, baseDirectory));
    }

    private static SimulationScenario ParseUnguarded(string text, string fileName, string? baseDirectory)
    {
        var yaml = new ScenarioYamlReader(fileName);
        var root = LoadRoot(text, yaml);
        var scenario = root is null ? null : ParseRoot(yaml, root, baseDirectory ?? Directory.GetCurrentDirectory());
        if (scenario is null || yaml.Errors.Count > 0)
        {
            if (yaml.Errors.Count == 0)
            {
                yaml.Errors.Add(new ConfigError(new SourceLocation(fileName, 1, 1), "scenario", "the scenario is incomplete"));
            }
            throw new ConfigException(yaml.Errors);
        }
        return scenario;
    }

    /// <summary>The root mapping, read by the config's YAML reader with the config's caps (size, depth, nodes, scalar length).</summary>
    private static MapNode? LoadRoot(string text, ScenarioYamlReader yaml)
    {
        var root = YamlTreeReader.Read(text, yaml.File, yaml.Errors, ConfigLimits.Default);
        if (yaml.Errors.Count > 0)
        {
            return null;
        }
        if (root is not MapNode mapping)
        {
            yaml.Errors.Add(new ConfigError(new SourceLocation(yaml.File, 1, 1), "scenario", "expected a mapping with cluster:, arrivals: and the other settings of docs/simulate.md"));
            return null;
        }
        return mapping;
    }

    private static SimulationScenario? ParseRoot(ScenarioYamlReader yaml, MapNode root, string baseDirectory)
    {
        var nodes = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var (key, _, value) in yaml.Entries(root, "", RootKeys))
        {
            nodes[key] = value;
        }
        var cluster = ClusterOf(yaml, root, nodes, baseDirectory);
        if (cluster is null)
        {
            return null;
        }
        var events = nodes.TryGetValue("events", out var eventsNode) ? eventsNode : null;
        var backends = BackendNodes(yaml, nodes, cluster, events);
        var defaults = nodes.TryGetValue("defaults", out var defaultsNode) ? yaml.Mapping(defaultsNode, "defaults") : null;
        var behaviors = new ScenarioBehaviors(yaml, defaults, backends);
        var scenario = new SimulationScenario
        {
            Cluster = cluster,
            Arrivals = ArrivalProcess.Poisson(1), // set below, once capacities are known
            DefaultBehavior = behaviors.Default,
            Behaviors = cluster.Destinations.ToDictionary(d => d.Name, d => behaviors.For(d.Name, d.Capacity), StringComparer.Ordinal),
        };
        scenario = ScenarioRootSettings.Apply(yaml, nodes, scenario);
        if (events is not null)
        {
            scenario = scenario with { Events = ScenarioEventParser.Parse(yaml, events, behaviors, out var eventNodes) };
            foreach (var (index, message) in ScenarioValidator.EventProblems(scenario))
            {
                yaml.Error(eventNodes[index], $"events[{index}]", message);
            }
        }
        return scenario;
    }

    private static ClusterConfig? ClusterOf(ScenarioYamlReader yaml, MapNode root, Dictionary<string, ConfigNode> nodes, string baseDirectory)
    {
        nodes.TryGetValue("cluster", out var clusterNode);
        if (nodes.TryGetValue("config", out var configNode))
        {
            return ScenarioConfigReference.Resolve(yaml, configNode, clusterNode, baseDirectory);
        }
        if (clusterNode is null)
        {
            yaml.Error(root, "cluster", "a scenario needs a cluster: inline (policy, destinations) or a name with config: FILE");
            return null;
        }
        return yaml.Mapping(clusterNode, "cluster") is { } mapping
            ? ScenarioClusterParser.Parse(yaml, mapping, "cluster")
            : null;
    }

    /// <summary>The `backends:` entries, each checked to name a destination of the cluster or one an event adds.</summary>
    private static Dictionary<string, MapNode> BackendNodes(ScenarioYamlReader yaml, Dictionary<string, ConfigNode> nodes, ClusterConfig cluster, ConfigNode? events)
    {
        var result = new Dictionary<string, MapNode>(StringComparer.Ordinal);
        if (!nodes.TryGetValue("backends", out var node) || yaml.Mapping(node, "backends") is not { } mapping)
        {
            return result;
        }
        var known = new HashSet<string>(cluster.Destinations.Select(d => d.Name), StringComparer.Ordinal);
        known.UnionWith(ScenarioEventParser.AddedNames(events));
        foreach (var (name, keyNode, value) in yaml.Entries(mapping, "backends"))
        {
            var path = ScenarioYamlReader.Join("backends", name);
            if (!known.Contains(name))
            {
                yaml.Error(keyNode, path, $"no destination {SafeText.Quote(name)} in cluster '{cluster.Name}'; known: {string.Join(", ", known)}");
            }
            else if (yaml.Mapping(value, path) is { } behavior)
            {
                result[name] = behavior;
            }
        }
        return result;
    }
}
