namespace Fulcrum.Core.Balancing;

/// <summary>
/// The shared second half of the hash policies: a table of slots, each owned by one backend (the ring's points
/// in clockwise order, or Maglev's lookup table). A key starts at its slot and walks forward until it finds a
/// backend that may take it:
/// - bounded loads (Mirrokni–Thorup–Zadimoghaddam): with balance factor c, backend i may hold at most
///   ⌈c · (total in-flight + 1) · w_i / Σw⌉ requests; a fuller one passes the key on. Σ of the caps exceeds the
///   total, so someone always has room (unless counts move under us; the walk is bounded by the table size).
///   The total is the cluster's <see cref="ClusterInFlight"/> counter, one read per pick; only a set of backends
///   that do not share one (assembled by hand) is summed, O(n).
/// - slow start: a ramping backend accepts a stable fraction r of its keys (by a hash of key and backend),
///   so its share grows with the ramp and the same keys stay with it as it does.
/// Immutable after construction; <see cref="Choose"/> is lock-free and allocation-free.
/// </summary>
internal sealed class HashTable
{
    private readonly int[] _owners;
    private readonly double[] _shares;
    private readonly double? _balanceFactor;
    private readonly long _rampEndTicks;
    private readonly ClusterInFlight? _cluster;

    public HashTable(Backend[] backends, int[] owners, double? balanceFactor)
    {
        Backends = backends;
        _owners = owners;
        // Below 1 the caps could sum to less than the load and every walk would run the whole table.
        _balanceFactor = balanceFactor is { } c ? Math.Max(1.0, c) : null;
        var total = backends.Sum(b => (double)Math.Max(0, b.Weight));
        _shares = [.. backends.Select(b => total > 0 ? Math.Max(0, b.Weight) / total : 1.0 / backends.Length)];
        _rampEndTicks = backends.Length == 0 ? long.MinValue : backends.Max(b => b.RampEndTicks);
        _cluster = backends.Length > 0 && backends.All(b => b.Cluster == backends[0].Cluster) ? backends[0].Cluster : null;
    }

    public Backend[] Backends { get; }

    public int SlotCount => _owners.Length;

    public int OwnerOf(int slot) => _owners[slot];

    /// <summary>The backend index for a key whose first slot is <paramref name="start"/>.</summary>
    public int Choose(int start, ulong key, long nowTicks)
    {
        var ramping = nowTicks < _rampEndTicks;
        if (_balanceFactor is null && !ramping)
        {
            return _owners[start];
        }
        var totalInFlight = _balanceFactor is null ? 0L : TotalInFlight();
        var slot = start;
        for (var step = 0; step < _owners.Length; step++)
        {
            var owner = _owners[slot];
            if (MayTake(owner, key, nowTicks, ramping, totalInFlight))
            {
                return owner;
            }
            slot = slot + 1 == _owners.Length ? 0 : slot + 1;
        }
        return _owners[start];
    }

    private long TotalInFlight()
    {
        if (_cluster is not null)
        {
            return _cluster.Count;
        }
        var total = 0L;
        foreach (var backend in Backends)
        {
            total += backend.InFlight;
        }
        return total;
    }

    /// <summary>The bounded-load cap of backend <paramref name="index"/> for a cluster with <paramref name="totalInFlight"/> requests.</summary>
    public long CapOf(int index, long totalInFlight) =>
        (long)Math.Ceiling(_balanceFactor!.Value * (totalInFlight + 1) * _shares[index] - 1e-9);

    private bool MayTake(int owner, ulong key, long nowTicks, bool ramping, long totalInFlight)
    {
        var backend = Backends[owner];
        if (ramping && backend.IsRamping(nowTicks))
        {
            var draw = (KeyHasher.Mix(key ^ (ulong)(owner + 1) * 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / (1UL << 53));
            if (draw >= backend.RampAt(nowTicks))
            {
                return false;
            }
        }
        return _balanceFactor is null || backend.InFlight < CapOf(owner, totalInFlight);
    }
}
