using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>The config changes scenario events make, as new immutable cluster configs (what a reload would load).</summary>
internal static class ClusterEdits
{
    public static DestinationConfig Added(ScenarioEvent change, int index) =>
        new(change.Destination, SimulatedAddress(change.Destination, index), change.Weight, change.Capacity);

    public static ClusterConfig With(ClusterConfig cluster, DestinationConfig added) =>
        cluster with { Destinations = [.. cluster.Destinations, added] };

    public static ClusterConfig Without(ClusterConfig cluster, string destination) =>
        cluster with { Destinations = cluster.Destinations.Where(d => d.Name != destination).ToArray() };

    public static ClusterConfig WithWeight(ClusterConfig cluster, string destination, int weight) =>
        cluster with { Destinations = cluster.Destinations.Select(d => d.Name == destination ? d with { Weight = weight } : d).ToArray() };

    /// <summary>An address that can never be dialled, for destinations that exist only in a simulation.</summary>
    public static Uri SimulatedAddress(string destination, int index) =>
        new($"http://destination-{index}.simulated.invalid/{Uri.EscapeDataString(destination)}");
}
