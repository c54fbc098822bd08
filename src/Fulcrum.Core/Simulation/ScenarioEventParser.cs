using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Parses `events:` of a scenario file: a list of `{ at: 10s, destination: b, ACTION }` where ACTION is one of
/// slowdown: 2, fail: true, recover: true, remove: true, weight: 3, or add: { weight, capacity, behavior fields }.
/// </summary>
internal static class ScenarioEventParser
{
    private static readonly string[] Actions = ["slowdown", "fail", "recover", "remove", "weight", "add"];

    public static IReadOnlyList<ScenarioEvent> Parse(ScenarioYamlReader yaml, YamlNode node, ScenarioBehaviors behaviors, out List<YamlNode> eventNodes)
    {
        var events = new List<ScenarioEvent>();
        eventNodes = [];
        if (node is not YamlSequenceNode sequence)
        {
            yaml.Error(node, "events", "expected a list of events, each `- { at: 10s, destination: b, slowdown: 2 }`");
            return events;
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var field = $"events[{i}]";
            if (yaml.Mapping(sequence.Children[i], field) is { } mapping && EventOf(yaml, mapping, field, behaviors) is { } parsed)
            {
                events.Add(parsed);
                eventNodes.Add(mapping);
            }
        }
        return events;
    }

    /// <summary>Names the `add:` events introduce (so `backends:` may describe them); tolerant of any shape.</summary>
    public static IEnumerable<string> AddedNames(YamlNode? events)
    {
        if (events is not YamlSequenceNode sequence)
        {
            yield break;
        }
        foreach (var item in sequence.Children)
        {
            if (item is YamlMappingNode mapping
                && mapping.Children.ContainsKey(new YamlScalarNode("add"))
                && mapping.Children.TryGetValue(new YamlScalarNode("destination"), out var name)
                && name is YamlScalarNode { Value: { } text })
            {
                yield return text;
            }
        }
    }

    private static ScenarioEvent? EventOf(ScenarioYamlReader yaml, YamlMappingNode mapping, string field, ScenarioBehaviors behaviors)
    {
        TimeSpan? at = null;
        string? destination = null;
        var actions = new List<(string Key, YamlNode Value)>();
        foreach (var (key, _, value) in yaml.Entries(mapping, field, ["at", "destination", .. Actions]))
        {
            var path = ScenarioYamlReader.Join(field, key);
            switch (key)
            {
                case "at":
                    at = yaml.Duration(value, path);
                    break;
                case "destination":
                    destination = yaml.String(value, path);
                    break;
                default:
                    actions.Add((key, value));
                    break;
            }
        }
        if (at is null || destination is null || actions.Count != 1)
        {
            if (actions.Count != 1)
            {
                yaml.Error(mapping, field, $"an event needs at:, destination: and exactly one of {string.Join(", ", Actions)}");
            }
            else if (at is null && !mapping.Children.ContainsKey(new YamlScalarNode("at")))
            {
                yaml.Error(mapping, ScenarioYamlReader.Join(field, "at"), "an event needs at: (a time like 10s)");
            }
            else if (destination is null && !mapping.Children.ContainsKey(new YamlScalarNode("destination")))
            {
                yaml.Error(mapping, ScenarioYamlReader.Join(field, "destination"), "an event needs destination: (a destination name)");
            }
            return null;
        }
        var (action, node) = actions[0];
        return ActionOf(yaml, at.Value, destination, action, node, ScenarioYamlReader.Join(field, action), behaviors);
    }

    private static ScenarioEvent? ActionOf(ScenarioYamlReader yaml, TimeSpan at, string destination, string action, YamlNode node, string field, ScenarioBehaviors behaviors)
    {
        switch (action)
        {
            case "slowdown":
                return yaml.Double(node, field, 0, exclusiveMin: true) is { } multiplier ? ScenarioEvent.Slowdown(at, destination, multiplier) : null;
            case "weight":
                return yaml.Int(node, field, 0) is { } weight ? ScenarioEvent.SetWeight(at, destination, weight) : null;
            case "add":
                return Added(yaml, at, destination, node, field, behaviors);
        }
        if (yaml.Bool(node, field) is not true)
        {
            yaml.Error(node, field, $"write {action}: true (there is nothing to turn off; use another event)");
            return null;
        }
        return action switch
        {
            "fail" => ScenarioEvent.Fail(at, destination),
            "recover" => ScenarioEvent.Recover(at, destination),
            _ => ScenarioEvent.Remove(at, destination),
        };
    }

    private static ScenarioEvent? Added(ScenarioYamlReader yaml, TimeSpan at, string destination, YamlNode node, string field, ScenarioBehaviors behaviors)
    {
        var block = node is YamlScalarNode { Value: "" or null } ? new YamlMappingNode() : yaml.Mapping(node, field);
        if (block is null)
        {
            return null;
        }
        var config = ScenarioClusterParser.DestinationOf(yaml, destination, 0, block, field, ScenarioBehaviorParser.Keys);
        var behavior = behaviors.For(destination, config.Capacity, block, field, "weight", "capacity", "address");
        return ScenarioEvent.Add(at, destination, config.Weight, behavior, config.Capacity);
    }
}
