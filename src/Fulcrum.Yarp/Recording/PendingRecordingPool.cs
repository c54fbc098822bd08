namespace Fulcrum.Recording;

/// <summary>
/// The free <see cref="PendingRecording"/>s: as many as were in flight at once, up to <see cref="Capacity"/>.
/// A lock around an array stack: a few nanoseconds uncontended, and unlike a lock-free stack of reused nodes it
/// cannot hand one object out twice (the ABA problem).
/// </summary>
internal sealed class PendingRecordingPool
{
    /// <summary>
    /// At most this many free objects are kept (about 200 B each, so ≤ 200 KB): enough for the forwards in flight at
    /// once of any proxy on this kind of machine; above it, a burst's extra objects go to the GC instead of being
    /// held forever, and each request beyond it allocates one again.
    /// </summary>
    public const int Capacity = 1024;

    private readonly Lock _lock = new();
    private readonly PendingRecording?[] _free = new PendingRecording?[Capacity];
    private int _count;

    public PendingRecording Rent()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                var item = _free[--_count]!;
                _free[_count] = null;
                return item;
            }
        }
        return new PendingRecording(this);
    }

    public void Return(PendingRecording item)
    {
        lock (_lock)
        {
            if (_count < Capacity)
            {
                _free[_count++] = item;
            }
        }
    }
}
