using Fulcrum.Core.Config;
using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// `config: FILE` plus `cluster: NAME` in a scenario: simulate a cluster exactly as a real fulcrum.yaml
/// declares it (loaded and validated by <see cref="ConfigLoader"/>). The name may be left out when the file
/// has a single cluster.
/// </summary>
internal static class ScenarioConfigReference
{
    public static ClusterConfig? Resolve(ScenarioYamlReader yaml, ConfigNode configNode, ConfigNode? clusterNode, string baseDirectory)
    {
        if (yaml.String(configNode, "config") is not { } relative)
        {
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(baseDirectory, relative));
        FulcrumConfig config;
        try
        {
            config = ConfigLoader.LoadFile(path);
        }
        catch (ConfigException e)
        {
            yaml.Errors.AddRange(e.Errors);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotImplementedException)
        {
            yaml.Error(configNode, "config", $"cannot load {path}: {e.Message}");
            return null;
        }
        if (clusterNode is null)
        {
            if (config.Clusters.Count == 1)
            {
                return config.Clusters[0];
            }
            yaml.Error(configNode, "cluster", $"{relative} has {config.Clusters.Count} clusters; name one with cluster: ({Names(config)})");
            return null;
        }
        if (yaml.String(clusterNode, "cluster") is not { } name)
        {
            return null;
        }
        if (config.FindCluster(name) is { } cluster)
        {
            return cluster;
        }
        yaml.Error(clusterNode, "cluster", $"no cluster {SafeText.Quote(name)} in {SafeText.Quote(relative)}; it has: {Names(config)}");
        return null;
    }

    private static string Names(FulcrumConfig config) => string.Join(", ", config.Clusters.Select(c => c.Name));
}
