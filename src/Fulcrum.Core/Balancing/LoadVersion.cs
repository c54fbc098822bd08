namespace Fulcrum.Core.Balancing;

/// <summary>
/// A backend's handle on the change counter of its least-requests block (see <see cref="LeastRequestsBlocks"/>):
/// every request start or end on a member bumps it, so a picker knows the block's cached minimum is still good
/// while the counter has not moved, without reading the members. The counters of a cluster sit side by side in
/// one array, so a pick reads them from a cache line or two; they are not padded apart because every start and
/// end already writes the cluster's one in-flight total. Interlocked, never a lost bump: a lost one could leave a
/// stale minimum looking current.
/// </summary>
internal sealed class LoadVersion(int[] versions, int block)
{
    public void Bump() => Interlocked.Increment(ref versions[block]);
}
