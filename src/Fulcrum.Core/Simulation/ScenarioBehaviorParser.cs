using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Simulation;

/// <summary>Parses a destination's behavior block of a scenario file onto a base behavior (fields not given keep the base's).</summary>
internal static class ScenarioBehaviorParser
{
    public static readonly string[] Keys = ["service-time", "concurrency", "queue-limit", "error-rate", "error-time"];

    public static DestinationBehavior Apply(ScenarioYamlReader yaml, MapNode mapping, string field, DestinationBehavior behavior, params string[] extraKeys)
    {
        foreach (var (key, _, value) in yaml.Entries(mapping, field, [.. Keys, .. extraKeys]))
        {
            var path = ScenarioYamlReader.Join(field, key);
            switch (key)
            {
                case "service-time":
                    behavior = ServiceTimeOf(yaml, value, path) is { } serviceTime ? behavior with { ServiceTime = serviceTime } : behavior;
                    break;
                case "concurrency":
                    var concurrency = yaml.IntOrUnlimited(value, path, "unlimited", 1, out var concurrencyOk);
                    behavior = concurrencyOk ? behavior with { Concurrency = concurrency } : behavior;
                    break;
                case "queue-limit":
                    var queueLimit = yaml.IntOrUnlimited(value, path, "unbounded", 0, out var queueOk);
                    behavior = queueOk ? behavior with { QueueLimit = queueLimit } : behavior;
                    break;
                case "error-rate":
                    behavior = yaml.Double(value, path, 0, 1) is { } rate ? behavior with { ErrorRate = rate } : behavior;
                    break;
                case "error-time":
                    behavior = yaml.Duration(value, path) is { } errorTime ? behavior with { ErrorTime = errorTime } : behavior;
                    break;
            }
        }
        return behavior;
    }

    /// <summary>A bare duration is the mean of an exponential distribution; a mapping names the distribution.</summary>
    private static ServiceTime? ServiceTimeOf(ScenarioYamlReader yaml, ConfigNode node, string field)
    {
        if (node is ScalarNode)
        {
            return yaml.Duration(node, field) is { } mean ? ServiceTime.Exponential(mean) : null;
        }
        if (yaml.Mapping(node, field) is not { } mapping)
        {
            return null;
        }
        var kind = ServiceTimeKind.Exponential;
        TimeSpan? meanTime = null;
        var sigma = ServiceTime.DefaultSigma;
        foreach (var (key, _, value) in yaml.Entries(mapping, field, "distribution", "mean", "sigma"))
        {
            var path = ScenarioYamlReader.Join(field, key);
            switch (key)
            {
                case "distribution":
                    switch (ScenarioYamlReader.ScalarText(value))
                    {
                        case "constant": kind = ServiceTimeKind.Constant; break;
                        case "exponential": kind = ServiceTimeKind.Exponential; break;
                        case "lognormal": kind = ServiceTimeKind.LogNormal; break;
                        default: yaml.Error(value, path, "allowed: constant, exponential, lognormal"); break;
                    }
                    break;
                case "mean":
                    meanTime = yaml.Duration(value, path);
                    break;
                case "sigma":
                    sigma = yaml.Double(value, path, 0) ?? sigma;
                    break;
            }
        }
        if (meanTime is null)
        {
            yaml.Error(node, ScenarioYamlReader.Join(field, "mean"), "a service time needs a mean, like mean: 10ms");
            return null;
        }
        return new ServiceTime(kind, meanTime.Value, sigma);
    }
}
