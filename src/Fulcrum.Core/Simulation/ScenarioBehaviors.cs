using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Resolves each destination's behavior from a scenario file, field by field: what its declared capacity
/// implies (or the built-in default), overridden by `defaults:`, overridden by its `backends:` entry,
/// overridden by the fields of an `add:` event. A block applied more than once reports its problems once.
/// </summary>
internal sealed class ScenarioBehaviors
{
    private readonly ScenarioYamlReader _yaml;
    private readonly MapNode? _defaults;
    private readonly Dictionary<string, MapNode> _backends;
    private readonly HashSet<MapNode> _reported = [];

    public ScenarioBehaviors(ScenarioYamlReader yaml, MapNode? defaults, Dictionary<string, MapNode> backends)
    {
        _yaml = yaml;
        _defaults = defaults;
        _backends = backends;
        Default = Apply(DestinationBehavior.Default, defaults, "defaults");
    }

    /// <summary>The built-in behavior with `defaults:` applied.</summary>
    public DestinationBehavior Default { get; }

    public DestinationBehavior For(string destination, double? capacity, MapNode? addBlock = null, string addField = "", params string[] addExtraKeys)
    {
        var behavior = capacity is { } declared ? DestinationBehavior.ForCapacity(declared) : DestinationBehavior.Default;
        behavior = Apply(behavior, _defaults, "defaults");
        behavior = Apply(behavior, _backends.GetValueOrDefault(destination), ScenarioYamlReader.Join("backends", destination));
        return Apply(behavior, addBlock, addField, addExtraKeys);
    }

    private DestinationBehavior Apply(DestinationBehavior behavior, MapNode? block, string field, params string[] extraKeys)
    {
        if (block is null)
        {
            return behavior;
        }
        var reader = _reported.Add(block) ? _yaml : new ScenarioYamlReader(_yaml.File);
        return ScenarioBehaviorParser.Apply(reader, block, field, behavior, extraKeys);
    }
}
