using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// A simulated destination as the balancer knows it: one <see cref="Balancing.Backend"/> object. A destination
/// removed and added again gets a new backend; requests in flight keep ending on the one they started on,
/// as in the proxy.
/// </summary>
internal sealed record Attachment(DestinationSim Destination, Backend Backend)
{
    /// <summary>True while <see cref="Backend"/> belongs to the current balancer.</summary>
    public bool Current { get; set; } = true;
}
