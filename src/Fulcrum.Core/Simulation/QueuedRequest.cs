namespace Fulcrum.Core.Simulation;

/// <summary>
/// A request waiting for a server: when it arrived, which backend attachment it was sent through, and its number
/// (which matches a timeout to its request, see <see cref="SimulationRun"/>).
/// </summary>
internal readonly record struct QueuedRequest(long ArrivalTicks, int Attachment, long Request);
