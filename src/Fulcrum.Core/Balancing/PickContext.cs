namespace Fulcrum.Core.Balancing;

/// <summary>
/// What a picker may know about the request being balanced. <see cref="NowTicks"/> is monotonic time in
/// <see cref="TimeSpan"/> ticks from the driver's clock (real or virtual, see <see cref="MonotonicTicks"/>).
/// Hash policies read <see cref="KeyHash"/> when <see cref="HasKey"/>; without a key they fall back to a random point.
/// </summary>
public readonly record struct PickContext(long NowTicks, ulong KeyHash = 0, bool HasKey = false);
