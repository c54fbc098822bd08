namespace Fulcrum.Core.Balancing;

/// <summary>Weighted random: each pick draws a backend with probability proportional to its (ramped) weight.</summary>
internal sealed class RandomPicker(Random random) : IPicker
{
    private WeightedSet _set = WeightedSet.Build([]);

    public void Update(IReadOnlyList<Backend> eligible) => Volatile.Write(ref _set, WeightedSet.Build(eligible));

    public Backend Pick(in PickContext context)
    {
        var set = Volatile.Read(ref _set);
        return set.Backends[set.Sample(random, context.NowTicks)];
    }
}
