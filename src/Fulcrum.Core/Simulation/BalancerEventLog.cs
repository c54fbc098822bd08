using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>Keeps the balancer's events of a run, up to a limit (a flapping destination must not fill memory).</summary>
internal sealed class BalancerEventLog
{
    public const int Limit = 1_000;

    private readonly List<BalancerEvent> _events = [];

    public IReadOnlyList<BalancerEvent> Events => _events;

    public long Dropped { get; private set; }

    public void Record(BalancerEvent balancerEvent)
    {
        if (_events.Count < Limit)
        {
            _events.Add(balancerEvent);
        }
        else
        {
            Dropped++;
        }
    }
}
