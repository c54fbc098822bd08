using System.Runtime.InteropServices;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// A change counter for one block of least-requests backends (see <see cref="LeastRequestsBlocks"/>): every request
/// start or end on a member bumps it, so a picker knows the block's cached minimum is still good while the
/// counter has not moved, without reading the members. Interlocked, never a lost bump: a lost one could leave a
/// stale minimum looking current.
/// </summary>
internal sealed class LoadVersion
{
    // Padded: the blocks of one cluster are written by every request start and end, from any thread.
    private Padded _value;

    public int Value => Volatile.Read(ref _value.Count);

    public void Bump() => Interlocked.Increment(ref _value.Count);

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Padded
    {
        [FieldOffset(64)]
        public int Count;
    }
}
