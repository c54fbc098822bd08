namespace Fulcrum.Core.Simulation;

/// <summary>Orders heap entries by time, then by scheduling order, so equal times resolve deterministically.</summary>
internal sealed class EventOrder : IComparer<(long Time, long Seq)>
{
    public static readonly EventOrder Instance = new();

    public int Compare((long Time, long Seq) x, (long Time, long Seq) y) =>
        x.Time != y.Time ? x.Time.CompareTo(y.Time) : x.Seq.CompareTo(y.Seq);
}
