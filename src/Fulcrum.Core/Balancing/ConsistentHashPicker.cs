namespace Fulcrum.Core.Balancing;

/// <summary>
/// Consistent hashing on a ring of virtual nodes, with bounded loads when a balance factor is set (see
/// <see cref="HashTable"/>). Each backend owns points in proportion to its weight (the lightest one gets
/// <see cref="PointsPerLightestWeight"/>, the ring at most <see cref="MaxRingPoints"/>); a point's position is a
/// hash of the destination name and the point's number, so a backend keeps its points across updates and
/// only the keys of a leaving backend move. The key's slot is the first point clockwise (binary search).
/// Requests without a key start at a random point.
/// </summary>
internal sealed class ConsistentHashPicker(Random random, double? balanceFactor) : IPicker
{
    internal const int PointsPerLightestWeight = 160;
    internal const int MaxRingPoints = 1 << 20;

    private Ring _ring = new([], new HashTable([], [], null));

    public void Update(IReadOnlyList<Backend> eligible)
    {
        Backend[] backends = [.. eligible];
        var points = PointCounts(backends);
        var ring = new (ulong Position, int Owner)[points.Sum()];
        var next = 0;
        for (var i = 0; i < backends.Length; i++)
        {
            for (var point = 0; point < points[i]; point++)
            {
                ring[next++] = (KeyHasher.Hash(backends[i].Name, point), i);
            }
        }
        Array.Sort(ring, (x, y) => x.Position != y.Position ? x.Position.CompareTo(y.Position) : x.Owner.CompareTo(y.Owner));
        var table = new HashTable(backends, [.. ring.Select(p => p.Owner)], balanceFactor);
        Volatile.Write(ref _ring, new Ring([.. ring.Select(p => p.Position)], table));
    }

    public Backend Pick(in PickContext context)
    {
        var ring = Volatile.Read(ref _ring);
        var table = ring.Table;
        if (table.Backends.Length == 1)
        {
            return table.Backends[0];
        }
        var key = context.HasKey ? context.KeyHash : (ulong)random.NextInt64(long.MinValue, long.MaxValue);
        var slot = Array.BinarySearch(ring.Positions, key);
        if (slot < 0)
        {
            slot = ~slot;
        }
        if (slot == ring.Positions.Length)
        {
            slot = 0;
        }
        return table.Backends[table.Choose(slot, key, context.NowTicks)];
    }

    internal HashTable Table => Volatile.Read(ref _ring).Table;

    private static int[] PointCounts(Backend[] backends)
    {
        var weights = backends.Select(b => (double)Math.Max(0, b.Weight)).ToArray();
        if (weights.All(w => w == 0))
        {
            Array.Fill(weights, 1.0);
        }
        var lightest = weights.Where(w => w > 0).DefaultIfEmpty(1).Min();
        var scale = PointsPerLightestWeight / lightest;
        var total = weights.Sum();
        if (total * scale > MaxRingPoints)
        {
            scale = MaxRingPoints / total;
        }
        return [.. weights.Select(w => w > 0 ? Math.Max(1, (int)Math.Round(w * scale)) : 0)];
    }

    private sealed record Ring(ulong[] Positions, HashTable Table);
}
