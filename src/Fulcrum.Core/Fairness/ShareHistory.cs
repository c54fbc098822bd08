namespace Fulcrum.Core.Fairness;

/// <summary>
/// The last <see cref="Capacity"/> share points of a cluster, one every <see cref="Interval"/> at most
/// (60 × 5 s = five minutes). Not thread-safe: the owning <see cref="ClusterRecorder"/> serializes access.
/// </summary>
internal sealed class ShareHistory
{
    public const int Capacity = 60;
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly Queue<SharePoint> _points = new();

    public DateTimeOffset? LastTime { get; private set; }

    public bool IsDue(DateTimeOffset now) => LastTime is not { } last || now - last >= Interval;

    public void Add(SharePoint point)
    {
        _points.Enqueue(point);
        while (_points.Count > Capacity)
        {
            _points.Dequeue();
        }
        LastTime = point.Time;
    }

    public IReadOnlyList<SharePoint> ToList() => _points.ToArray();
}
