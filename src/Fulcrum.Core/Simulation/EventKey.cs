namespace Fulcrum.Core.Simulation;

/// <summary>
/// Where an entry sits in a virtual-time heap: by time, then by scheduling order, so equal times resolve
/// deterministically. A struct comparing itself lets <see cref="PriorityQueue{TElement, TPriority}"/> use its
/// default-comparer path, which the JIT inlines, instead of an interface call per comparison.
/// </summary>
internal readonly record struct EventKey(long Time, long Seq) : IComparable<EventKey>
{
    public int CompareTo(EventKey other) => Time != other.Time ? Time.CompareTo(other.Time) : Seq.CompareTo(other.Seq);
}
