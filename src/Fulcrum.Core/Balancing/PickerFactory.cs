using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>Creates the picker a cluster's policy names.</summary>
public static class PickerFactory
{
    public static IPicker Create(ClusterConfig cluster, Random random) => cluster.Policy switch
    {
        _ => new SmoothWeightedRoundRobinPicker(),
    };
}
