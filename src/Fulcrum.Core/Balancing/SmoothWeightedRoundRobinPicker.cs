namespace Fulcrum.Core.Balancing;

/// <summary>
/// NGINX's smooth weighted round robin: each pick adds every weight to its running score, takes the highest
/// score and subtracts the total. Weights 5,1,1 give a a b a c a a; exact per cycle. O(n) under a lock, with
/// <see cref="Backend.WeightAt"/> so slow-start ramps shape it; <see cref="RoundRobinPicker"/> uses it only while
/// some backend ramps and replays a precomputed cycle otherwise. All-zero weights (panic over drained
/// destinations) count as equal.
/// </summary>
internal sealed class SmoothWeightedRoundRobinPicker : IPicker
{
    private readonly Lock _gate = new();
    private Backend[] _eligible = [];
    private double[] _scores = [];

    public void Update(IReadOnlyList<Backend> eligible)
    {
        lock (_gate)
        {
            _eligible = [.. eligible];
            _scores = new double[_eligible.Length];
        }
    }

    public Backend Pick(in PickContext context)
    {
        lock (_gate)
        {
            var best = 0;
            var total = 0.0;
            for (var i = 0; i < _eligible.Length; i++)
            {
                total += _eligible[i].WeightAt(context.NowTicks);
            }
            var uniform = total <= 0;
            if (uniform)
            {
                total = _eligible.Length;
            }
            for (var i = 0; i < _eligible.Length; i++)
            {
                _scores[i] += uniform ? 1.0 : _eligible[i].WeightAt(context.NowTicks);
                if (_scores[i] > _scores[best])
                {
                    best = i;
                }
            }
            _scores[best] -= total;
            return _eligible[best];
        }
    }
}
