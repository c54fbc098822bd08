using Fulcrum.Core.Config;

namespace Fulcrum.Core.Simulation;

/// <summary>A cluster's predicted distribution (see <see cref="LoadPredictor"/>); <see cref="Simulation"/> holds the full result.</summary>
public sealed record ClusterPrediction(
    string Cluster,
    PolicyKind Policy,
    double OfferedRate,
    IReadOnlyList<DestinationPrediction> Destinations,
    SimulationResult Simulation)
{
    public DestinationPrediction? Find(string destination)
    {
        foreach (var prediction in Destinations)
        {
            if (prediction.Name == destination)
            {
                return prediction;
            }
        }
        return null;
    }
}
