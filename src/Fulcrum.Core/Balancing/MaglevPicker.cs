namespace Fulcrum.Core.Balancing;

/// <summary>
/// Maglev hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M (65,537 by default, as Envoy)
/// filled by letting backends take turns claiming the next free slot of their own permutation
/// (offset + j·skip mod M, both from hashes of the destination name). Weights are honored by giving each backend
/// claims in proportion to its weight (integer credits: w_i per round, one claim per w_max), so table shares
/// match weights to within a few slots. Permutations depend only on names, so when a backend leaves, mostly
/// its own slots change hands. A key's slot is key mod M; the bounded-load walk and slow start are shared with
/// the ring (<see cref="HashTable"/>).
/// </summary>
internal sealed class MaglevPicker(Random random, double? balanceFactor, int tableSize = MaglevPicker.DefaultTableSize) : IPicker
{
    public const int DefaultTableSize = 65_537;

    private HashTable _table = new([], [], null);

    public void Update(IReadOnlyList<Backend> eligible)
    {
        Backend[] backends = [.. eligible];
        Volatile.Write(ref _table, new HashTable(backends, Fill(backends, tableSize), balanceFactor));
    }

    public Backend Pick(in PickContext context)
    {
        var table = Volatile.Read(ref _table);
        if (table.Backends.Length == 1)
        {
            return table.Backends[0];
        }
        var key = context.HasKey ? context.KeyHash : (ulong)random.NextInt64(long.MinValue, long.MaxValue);
        var slot = (int)(key % (ulong)table.SlotCount);
        return table.Backends[table.Choose(slot, key, context.NowTicks)];
    }

    internal HashTable Table => Volatile.Read(ref _table);

    internal static int[] Fill(Backend[] backends, int size)
    {
        if (backends.Length == 0)
        {
            return [];
        }
        var owners = new int[size];
        Array.Fill(owners, -1);
        var weights = backends.Select(b => (long)Math.Max(0, b.Weight)).ToArray();
        if (weights.All(w => w == 0))
        {
            Array.Fill(weights, 1L);
        }
        var heaviest = weights.Max();
        var offsets = backends.Select(b => (long)(KeyHasher.Hash(b.Name, 0x6D61676C) % (ulong)size)).ToArray();
        var skips = backends.Select(b => (long)(KeyHasher.Hash(b.Name, 0x65760A) % (ulong)(size - 1)) + 1).ToArray();
        var claimed = new long[backends.Length];
        var credits = new long[backends.Length];
        var filled = 0;
        while (filled < size)
        {
            for (var i = 0; i < backends.Length && filled < size; i++)
            {
                credits[i] += weights[i];
                while (credits[i] >= heaviest && filled < size)
                {
                    credits[i] -= heaviest;
                    int slot;
                    do
                    {
                        slot = (int)((offsets[i] + claimed[i]++ * skips[i]) % size);
                    }
                    while (owners[slot] >= 0);
                    owners[slot] = i;
                    filled++;
                }
            }
        }
        return owners;
    }
}
