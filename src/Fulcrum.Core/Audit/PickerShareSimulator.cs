using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Predicts shares by driving the cluster's real <see cref="ClusterBalancer"/> and picker: uniform random hash
/// keys, every backend equally fast (a fixed number of requests in flight, completed oldest first, on a virtual
/// clock), so load-aware pickers see realistic in-flight counts. Seeded, hence deterministic.
/// </summary>
internal sealed class PickerShareSimulator : IShareSimulator
{
    private const int MinRequests = 20_000;
    private const int RequestsPerDestination = 2_000;
    private const int MaxRequests = 200_000;
    private const int InFlightPerDestination = 8;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly int _seed;

    public PickerShareSimulator(int seed = 1)
    {
        _seed = seed;
    }

    public SharePrediction Predict(ClusterConfig cluster, double? offeredRate)
    {
        if (cluster.Destinations.Count == 0)
        {
            return new SharePrediction(cluster.Name, 0, offeredRate, []);
        }
        var clock = new VirtualClock();
        var balancer = new ClusterBalancer(cluster, clock, new Random(_seed));
        var keys = new Random(_seed + 1);
        var requests = Math.Clamp(RequestsPerDestination * cluster.Destinations.Count, MinRequests, MaxRequests);
        var concurrency = InFlightPerDestination * cluster.Destinations.Count;
        var latency = Step * concurrency;
        var counts = new int[balancer.Backends.Count];
        var inFlight = new Queue<Backend>(concurrency);
        Span<byte> key = stackalloc byte[sizeof(ulong)];
        for (var i = 0; i < requests; i++)
        {
            if (inFlight.Count == concurrency)
            {
                var done = inFlight.Dequeue();
                done.RequestEnded();
                balancer.RecordOutcome(done, balancer.NowTicks(), latency, failure: false);
            }
            clock.Advance(Step);
            keys.NextBytes(key);
            var picked = balancer.Pick(new PickContext(balancer.NowTicks(), BitConverter.ToUInt64(key), HasKey: true));
            if (picked is null)
            {
                break;
            }
            picked.RequestStarted();
            inFlight.Enqueue(picked);
            counts[picked.Index]++;
        }
        while (inFlight.TryDequeue(out var pending))
        {
            pending.RequestEnded();
        }
        var total = Math.Max(1, counts.Sum());
        var destinations = balancer.Backends
            .Select(b => new PredictedDestination(b.Name, (double)counts[b.Index] / total, offeredRate * counts[b.Index] / total))
            .ToList();
        return new SharePrediction(cluster.Name, counts.Sum(), offeredRate, destinations);
    }

    /// <summary>A clock that only moves when told to.</summary>
    private sealed class VirtualClock : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
