namespace Fulcrum.Core.Simulation;

/// <summary>A request waiting for a server: when it arrived and which backend attachment it was sent through.</summary>
internal readonly record struct QueuedRequest(long ArrivalTicks, int Attachment);
