using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// Draws key indices for arrivals and knows each key's hash, precomputed with the proxy's own
/// <see cref="KeyHasher"/>: a key lands on the destination it would land on in production.
/// </summary>
internal sealed class KeySource
{
    private readonly KeyDistribution _distribution;
    private readonly ZipfSampler? _zipf;
    private readonly ulong[] _hashes;

    public KeySource(KeyDistribution distribution)
    {
        _distribution = distribution;
        if (!distribution.HasKeys)
        {
            _hashes = [];
            return;
        }
        _hashes = new ulong[distribution.Count];
        for (var i = 0; i < _hashes.Length; i++)
        {
            _hashes[i] = KeyHasher.Hash(KeyDistribution.KeyName(i));
        }
        if (distribution.Kind == KeyDistributionKind.Zipf)
        {
            _zipf = new ZipfSampler(distribution.Count, distribution.Exponent);
        }
    }

    public bool HasKeys => _hashes.Length > 0;

    public int Count => _hashes.Length;

    /// <summary>A key index, or -1 when requests carry no key.</summary>
    public int Next(Random random) => !HasKeys ? -1 : _zipf?.Sample(random) ?? random.Next(_distribution.Count);

    public ulong HashOf(int key) => _hashes[key];
}
