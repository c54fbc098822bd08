namespace Fulcrum.TestBackends;

/// <summary>What a test backend answered, so tests can compare the proxy's view with the backend's own count.</summary>
public sealed class TestBackendCounters
{
    private long _ok;
    private long _failed;
    private long _rejected;
    private int _inServer;

    public long Ok => Interlocked.Read(ref _ok);
    public long Failed => Interlocked.Read(ref _failed);
    public long Rejected => Interlocked.Read(ref _rejected);
    /// <summary>Requests in the server now, served and queued.</summary>
    public int InServer => Volatile.Read(ref _inServer);
    public long Total => Ok + Failed + Rejected;

    internal int Enter() => Interlocked.Increment(ref _inServer);
    internal void Leave() => Interlocked.Decrement(ref _inServer);
    internal void CountOk() => Interlocked.Increment(ref _ok);
    internal void CountFailed() => Interlocked.Increment(ref _failed);
    internal void CountRejected() => Interlocked.Increment(ref _rejected);
}
