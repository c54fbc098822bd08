using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Parses `events:` of a scenario file: a list of `{ at: 10s, destination: b, ACTION }` where ACTION is one of
/// slowdown: 2, fail: true, recover: true, remove: true, weight: 3, or add: { weight, capacity, behavior fields }.
/// </summary>
internal static class ScenarioEventParser
{
    private static readonly string[] Actions = ["slowdown", "fail", "recover", "remove", "weight", "add"];

    public static IReadOnlyList<ScenarioEvent> Parse(ScenarioYamlReader yaml, ConfigNode node, ScenarioBehaviors behaviors, out List<ConfigNode> eventNodes)
    {
        var events = new List<ScenarioEvent>();
        eventNodes = [];
        if (node is not ListNode sequence)
        {
            yaml.Error(node, "events", "expected a list of events, each `- { at: 10s, destination: b, slowdown: 2 }`");
            return events;
        }
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var field = $"events[{i}]";
            if (yaml.Mapping(sequence.Items[i], field) is { } mapping && EventOf(yaml, mapping, field, behaviors) is { } parsed)
            {
                events.Add(parsed);
                eventNodes.Add(mapping);
            }
        }
        return events;
    }

    /// <summary>Names the `add:` events introduce (so `backends:` may describe them); tolerant of any shape.</summary>
    public static IEnumerable<string> AddedNames(ConfigNode? events)
    {
        if (events is not ListNode sequence)
        {
            yield break;
        }
        foreach (var item in sequence.Items)
        {
            if (item is MapNode mapping
                && mapping.Find("add") is not null
                && mapping.Find("destination") is ScalarNode { Value: var text })
            {
                yield return text;
            }
        }
    }

    private static ScenarioEvent? EventOf(ScenarioYamlReader yaml, MapNode mapping, string field, ScenarioBehaviors behaviors)
    {
        TimeSpan? at = null;
        string? destination = null;
        var actions = new List<(string Key, ConfigNode Value)>();
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
            else if (at is null && mapping.Find("at") is null)
            {
                yaml.Error(mapping, ScenarioYamlReader.Join(field, "at"), "an event needs at: (a time like 10s)");
            }
            else if (destination is null && mapping.Find("destination") is null)
            {
                yaml.Error(mapping, ScenarioYamlReader.Join(field, "destination"), "an event needs destination: (a destination name)");
            }
            return null;
        }
        var (action, node) = actions[0];
        return ActionOf(yaml, at.Value, destination, action, node, ScenarioYamlReader.Join(field, action), behaviors);
    }

    private static ScenarioEvent? ActionOf(ScenarioYamlReader yaml, TimeSpan at, string destination, string action, ConfigNode node, string field, ScenarioBehaviors behaviors)
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

    private static ScenarioEvent? Added(ScenarioYamlReader yaml, TimeSpan at, string destination, ConfigNode node, string field, ScenarioBehaviors behaviors)
    {
        var block = node is ScalarNode { Value: "" } ? ScenarioYamlReader.EmptyMapping(node) : yaml.Mapping(node, field);
        if (block is null)
        {
            return null;
        }
        var config = ScenarioClusterParser.DestinationOf(yaml, destination, 0, block, field, ScenarioBehaviorParser.Keys);
        var behavior = behaviors.For(destination, config.Capacity, block, field, "weight", "capacity", "address");
        return ScenarioEvent.Add(at, destination, config.Weight, behavior, config.Capacity);
    }
}
