using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// The cluster side of a run: the current config and real <see cref="ClusterBalancer"/>, the simulated
/// destinations, which backend object belongs to which destination, the effect of scenario events (a reload
/// builds a new balancer from the previous backends, as the proxy does) and the expected shares.
/// </summary>
internal sealed class SimulatedCluster
{
    private readonly SimulationScenario _scenario;
    private readonly VirtualTimeProvider _time;
    private readonly Random _pickerRandom;
    private readonly BalancerEventLog _events;
    private readonly List<DestinationSim> _destinations = [];
    // By name and by backend object: a reload of a 1,000-destination cluster looked both up by linear scans (O(n²)).
    private readonly Dictionary<string, DestinationSim> _destinationByName = new(StringComparer.Ordinal);
    private readonly List<Attachment> _attachments = [];
    private readonly Dictionary<Backend, int> _attachmentByBackend = new(ReferenceEqualityComparer.Instance);
    private int[] _attachmentByIndex = [];
    private ClusterConfig _config;
    private long _epochArrivals;

    public SimulatedCluster(SimulationScenario scenario, VirtualTimeProvider time, Random pickerRandom, BalancerEventLog events)
    {
        _scenario = scenario;
        _time = time;
        _pickerRandom = pickerRandom;
        _events = events;
        _config = scenario.Cluster;
        foreach (var destination in _config.Destinations)
        {
            AddDestination(NewDestination(destination, scenario.BehaviorOf(destination.Name), time.NowTicks));
        }
        Balancer = new ClusterBalancer(_config, time, pickerRandom, previous: null, singleThreaded: true);
        Subscribe();
        Attach();
    }

    public ClusterBalancer Balancer { get; private set; }

    /// <summary>Every destination that was ever in the cluster, in order of first appearance.</summary>
    public IReadOnlyList<DestinationSim> Destinations => _destinations;

    public Attachment this[int attachment] => _attachments[attachment];

    /// <summary>The attachment of a backend the current balancer just picked.</summary>
    public int AttachmentOf(Backend picked) => _attachmentByIndex[picked.Index];

    /// <summary>Counts one arrival toward the expected shares of the config in force.</summary>
    public void CountArrival() => _epochArrivals++;

    public void Apply(long now, ScenarioEvent change)
    {
        var destination = Find(change.Destination);
        switch (change.Kind)
        {
            case ScenarioEventKind.Slowdown:
                destination!.Multiplier = change.Multiplier;
                break;
            case ScenarioEventKind.Fail:
                destination!.Failed = true;
                break;
            case ScenarioEventKind.Recover:
                destination!.Failed = false;
                destination.Multiplier = 1.0;
                break;
            case ScenarioEventKind.Add:
                var added = ClusterEdits.Added(change, _config.Destinations.Count);
                var behavior = change.Behavior ?? _scenario.BehaviorOf(change.Destination);
                if (destination is null)
                {
                    AddDestination(NewDestination(added, behavior, now));
                }
                else
                {
                    destination.Behavior = behavior;
                    destination.DeclaredCapacity = added.Capacity;
                    destination.Rejoin(now);
                }
                Reload(ClusterEdits.With(_config, added));
                break;
            case ScenarioEventKind.Remove:
                destination!.Leave(now);
                Reload(ClusterEdits.Without(_config, change.Destination));
                break;
            case ScenarioEventKind.SetWeight:
                Reload(ClusterEdits.WithWeight(_config, change.Destination, change.Weight));
                break;
        }
    }

    /// <summary>
    /// Credits the arrivals since the last config change to the expected shares of that config
    /// (<see cref="ExpectedShares"/>: every weight 0 expects nothing of anyone).
    /// </summary>
    public void CloseEpoch()
    {
        var shares = ExpectedShares.Of(_config.Destinations);
        for (var i = 0; i < shares.Length; i++)
        {
            Find(_config.Destinations[i].Name)!.ExpectedRequests += _epochArrivals * shares[i];
        }
        _epochArrivals = 0;
    }

    /// <summary>What the proxy does on a config reload: a new balancer that keeps the backends it can.</summary>
    private void Reload(ClusterConfig config)
    {
        CloseEpoch();
        _config = config;
        Balancer.Event -= _events.Record;
        Balancer = new ClusterBalancer(config, _time, _pickerRandom, Balancer.Backends, singleThreaded: true);
        Subscribe();
        Attach();
    }

    /// <summary>Logs what constructing the balancer caused (slow starts at a reload, panic) and what it does next.</summary>
    private void Subscribe()
    {
        foreach (var startup in Balancer.StartupEvents)
        {
            _events.Record(startup);
        }
        Balancer.Event += _events.Record;
    }

    /// <summary>Maps the balancer's backends (by config index) to attachments, creating one for each new backend.</summary>
    private void Attach()
    {
        foreach (var attachment in _attachments)
        {
            attachment.Current = false;
        }
        var backends = Balancer.Backends;
        _attachmentByIndex = new int[backends.Count];
        for (var i = 0; i < backends.Count; i++)
        {
            var backend = backends[i];
            if (!_attachmentByBackend.TryGetValue(backend, out var found))
            {
                found = _attachments.Count;
                _attachments.Add(new Attachment(Find(backend.Name)!, backend));
                _attachmentByBackend.Add(backend, found);
            }
            _attachments[found].Current = true;
            _attachments[found].Destination.LastWeight = backend.Weight;
            _attachmentByIndex[backend.Index] = found;
        }
    }

    private DestinationSim NewDestination(DestinationConfig config, DestinationBehavior behavior, long now) =>
        new(config.Name, behavior, now, ExpectedRequestsEach()) { DeclaredCapacity = config.Capacity, LastWeight = config.Weight };

    /// <summary>An even split of the run's requests, with room to spare (0 for a run bounded by time only).</summary>
    private long ExpectedRequestsEach() =>
        _scenario.Requests <= 0 ? 0 : _scenario.Requests / Math.Max(1, _config.Destinations.Count) * 5 / 4;

    /// <summary>The first destination of that name (names are unique in a valid config; the first one wins otherwise).</summary>
    private DestinationSim? Find(string name) => _destinationByName.GetValueOrDefault(name);

    private void AddDestination(DestinationSim destination)
    {
        _destinations.Add(destination);
        _destinationByName.TryAdd(destination.Name, destination);
    }
}
