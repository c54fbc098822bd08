namespace Fulcrum.Core.Balancing;

/// <summary>
/// Runtime state of one destination, shared by the live proxy and the simulator ("one picker, two drivers").
/// The driver calls <see cref="RequestStarted"/> when a request is sent to it and <see cref="RequestEnded"/>
/// when the response is complete; pickers read <see cref="InFlight"/> and <see cref="WeightAt"/>.
/// Identity survives reloads (same cluster and destination name), so in-flight counts stay true across them.
/// The backends of one cluster share a <see cref="ClusterInFlight"/> total, updated with their own counts.
/// </summary>
public sealed class Backend
{
    /// <summary>Envoy's default minimum slow-start weight: a fresh backend never gets less than 10 % of its weight.</summary>
    public const double MinimumRamp = 0.1;

    private int _inFlight;
    private int _weight;
    private long _rampStartTicks;
    private long _rampEndTicks = long.MinValue;
    private LeastRequestsTree.Leaf? _loadWatch;

    public Backend(string name, int index, int weight, double? capacity = null, Uri? address = null, ClusterInFlight? cluster = null)
        : this(name, index, weight, capacity, address, cluster, singleThreaded: false)
    {
    }

    /// <param name="singleThreaded">
    /// Only one thread ever drives this backend (the simulator): counts and estimators update with plain writes
    /// instead of interlocked operations and locks, the same arithmetic in the same order, so the same results.
    /// </param>
    internal Backend(string name, int index, int weight, double? capacity, Uri? address, ClusterInFlight? cluster, bool singleThreaded)
    {
        SingleThreaded = singleThreaded;
        Latency = new PeakEwmaEstimator { SingleWriter = singleThreaded };
        SuccessRate = new SuccessRateEstimator { SingleWriter = singleThreaded };
        Name = name;
        Cluster = cluster ?? new ClusterInFlight();
        Index = index;
        _weight = weight;
        Capacity = capacity;
        Address = address;
    }

    public string Name { get; }

    /// <summary>Position in the cluster's config order (first-available relies on it).</summary>
    public int Index { get; internal set; }

    public Uri? Address { get; internal set; }

    /// <summary>Configured weight; 0 drains the destination. Changed in place on reload.</summary>
    public int Weight
    {
        get => Volatile.Read(ref _weight);
        internal set => Volatile.Write(ref _weight, value);
    }

    /// <summary>Declared capacity in requests per second, if any.</summary>
    public double? Capacity { get; internal set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The in-flight total this backend adds to (its cluster's; its own when built alone).</summary>
    public ClusterInFlight Cluster { get; }

    /// <summary>
    /// This backend's leaf in the tree of the least-requests picker last updated with it; null under other
    /// policies and in small clusters. Refreshed after the count moves, so the tree ends on the latest count.
    /// </summary>
    internal LeastRequestsTree.Leaf? LoadWatch
    {
        get => Volatile.Read(ref _loadWatch);
        set => Volatile.Write(ref _loadWatch, value);
    }

    /// <summary>Driven by one thread only (see the internal constructor): no interlocked operations needed.</summary>
    internal bool SingleThreaded { get; }

    public void RequestStarted()
    {
        if (SingleThreaded)
        {
            _inFlight++;
            Cluster.AddSingleThreaded(1);
        }
        else
        {
            Interlocked.Increment(ref _inFlight);
            Cluster.Add(1);
        }
        LoadWatch?.Refresh();
    }

    public void RequestEnded()
    {
        if (SingleThreaded)
        {
            _inFlight--;
            Cluster.AddSingleThreaded(-1);
        }
        else
        {
            Interlocked.Decrement(ref _inFlight);
            Cluster.Add(-1);
        }
        LoadWatch?.Refresh();
    }

    /// <summary>Active health check verdict (true until a check says otherwise).</summary>
    public bool ActiveHealthy { get; internal set; } = true;

    /// <summary>Ejected by passive outlier detection.</summary>
    public bool Ejected { get; internal set; }

    /// <summary>Healthy, not ejected, weight above zero.</summary>
    public bool IsEligible => ActiveHealthy && !Ejected && Weight > 0;

    /// <summary>Starts a linear slow-start ramp at <paramref name="nowTicks"/> lasting <paramref name="duration"/>.</summary>
    public void StartRamp(long nowTicks, TimeSpan duration)
    {
        Volatile.Write(ref _rampStartTicks, nowTicks);
        Volatile.Write(ref _rampEndTicks, nowTicks + duration.Ticks);
    }

    public bool IsRamping(long nowTicks) => nowTicks < Volatile.Read(ref _rampEndTicks);

    /// <summary>When the current slow-start ramp ends (<see cref="long.MinValue"/> if none was ever started).</summary>
    public long RampEndTicks => Volatile.Read(ref _rampEndTicks);

    /// <summary>Peak-EWMA response time, fed by <see cref="ClusterBalancer.RecordOutcome"/>; read by peak-ewma.</summary>
    public PeakEwmaEstimator Latency { get; }

    /// <summary>Recent success ratio, fed by <see cref="ClusterBalancer.RecordOutcome"/>; read by peak-ewma.</summary>
    public SuccessRateEstimator SuccessRate { get; }

    /// <summary>Passive outlier detection state (consecutive failures, ejections), kept by the cluster balancer.</summary>
    public OutlierState Outlier { get; } = new();

    /// <summary>The slow-start factor r in [<see cref="MinimumRamp"/>, 1]; 1 when warm.</summary>
    public double RampAt(long nowTicks)
    {
        var end = Volatile.Read(ref _rampEndTicks);
        if (nowTicks >= end)
        {
            return 1.0;
        }
        var start = Volatile.Read(ref _rampStartTicks);
        var fraction = (double)(nowTicks - start) / (end - start);
        return Math.Clamp(fraction, MinimumRamp, 1.0);
    }

    /// <summary>Effective weight: configured weight times the slow-start ramp.</summary>
    public double WeightAt(long nowTicks) => Weight * RampAt(nowTicks);

    public override string ToString() => $"{Name} (w={Weight}, in-flight={InFlight})";
}
