namespace Fulcrum.Core.Balancing;

/// <summary>
/// NGINX's smooth weighted round robin: each pick adds every weight to its running score, takes the highest
/// score and subtracts the total. Weights 5,1,1 give a a b a c a a; exact per cycle.
/// </summary>
internal sealed class SmoothWeightedRoundRobinPicker : IPicker
{
    private readonly object _gate = new();
    private Backend[] _eligible = [];
    private double[] _scores = [];

    public void Update(IReadOnlyList<Backend> eligible)
    {
        lock (_gate)
        {
            _eligible = eligible.ToArray();
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
                var weight = _eligible[i].WeightAt(context.NowTicks);
                total += weight;
                _scores[i] += weight;
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
