using System.Runtime.InteropServices;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// One entry of the event heap (a struct: the loop allocates nothing per request). For a completion,
/// <see cref="Target"/> is the backend attachment and <see cref="ArrivalTicks"/> when the request arrived;
/// for a scenario event, <see cref="Target"/> indexes the scenario's events. <see cref="Request"/> numbers the
/// request of a completion or timeout (0 for other events). Auto layout packs the two small fields together:
/// 24 bytes instead of 32, and every heap move copies an entry.
/// </summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct SimEvent(SimEventKind Kind, int Target, long ArrivalTicks, bool Failure, long Request = 0);
