using YamlDotNet.RepresentationModel;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Resolves each destination's behavior from a scenario file, field by field: what its declared capacity
/// implies (or the built-in default), overridden by `defaults:`, overridden by its `backends:` entry,
/// overridden by the fields of an `add:` event. A block applied more than once reports its problems once.
/// </summary>
internal sealed class ScenarioBehaviors
{
    private readonly ScenarioYamlReader _yaml;
    private readonly YamlMappingNode? _defaults;
    private readonly Dictionary<string, YamlMappingNode> _backends;
    private readonly HashSet<YamlMappingNode> _reported = [];

    public ScenarioBehaviors(ScenarioYamlReader yaml, YamlMappingNode? defaults, Dictionary<string, YamlMappingNode> backends)
    {
        _yaml = yaml;
        _defaults = defaults;
        _backends = backends;
        Default = Apply(DestinationBehavior.Default, defaults, "defaults");
    }

    /// <summary>The built-in behavior with `defaults:` applied.</summary>
    public DestinationBehavior Default { get; }

    public DestinationBehavior For(string destination, double? capacity, YamlMappingNode? addBlock = null, string addField = "", params string[] addExtraKeys)
    {
        var behavior = capacity is { } declared ? DestinationBehavior.ForCapacity(declared) : DestinationBehavior.Default;
        behavior = Apply(behavior, _defaults, "defaults");
        behavior = Apply(behavior, _backends.GetValueOrDefault(destination), ScenarioYamlReader.Join("backends", destination));
        return Apply(behavior, addBlock, addField, addExtraKeys);
    }

    private DestinationBehavior Apply(DestinationBehavior behavior, YamlMappingNode? block, string field, params string[] extraKeys)
    {
        if (block is null)
        {
            return behavior;
        }
        var reader = _reported.Add(block) ? _yaml : new ScenarioYamlReader(_yaml.File);
        return ScenarioBehaviorParser.Apply(reader, block, field, behavior, extraKeys);
    }
}
