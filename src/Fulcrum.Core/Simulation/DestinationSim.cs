using Fulcrum.Core.Balancing;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// One simulated destination: its server model (busy servers, waiting queue, slow-down, failure) and the
/// statistics the result reports. The picker sees only <see cref="Balancing.Backend"/>; this is the other side.
/// </summary>
internal sealed class DestinationSim
{
    private readonly Queue<QueuedRequest> _waiting = new();
    private long _inFlightArea;
    private long _lastChangeTicks;
    private long _presentTicks;
    private long _presentSince;

    /// <param name="expectedRequests">About how many requests it will answer (0 when unknown): sizes the latency samples.</param>
    public DestinationSim(string name, DestinationBehavior behavior, long nowTicks, long expectedRequests = 0)
    {
        Latencies = new LatencySamples(expectedRequests);
        Name = name;
        Behavior = behavior;
        _presentSince = nowTicks;
        _lastChangeTicks = nowTicks;
        Present = true;
    }

    public string Name { get; }

    public DestinationBehavior Behavior { get; set; }

    public double Multiplier { get; set; } = 1.0;

    public bool Failed { get; set; }

    /// <summary>In the cluster's config right now (false after removal).</summary>
    public bool Present { get; private set; }

    public int Busy { get; private set; }

    public int InFlight { get; private set; }

    public int MaxInFlight { get; private set; }

    public long Requests { get; set; }

    public long Errors { get; set; }

    public long Rejections { get; set; }

    /// <summary>Requests answered with a 504 because <c>timeouts.request</c> ran out (also counted in <see cref="Errors"/>).</summary>
    public long TimedOut { get; set; }

    public double ExpectedRequests { get; set; }

    public int LastWeight { get; set; }

    public double? DeclaredCapacity { get; set; }

    public LatencySamples Latencies { get; }

    public bool HasFreeServer => Behavior.Concurrency is not { } k || Busy < k;

    public bool QueueFull => Behavior.QueueLimit is { } limit && _waiting.Count >= limit;

    public void Started(long nowTicks)
    {
        Integrate(nowTicks);
        InFlight++;
        if (InFlight > MaxInFlight)
        {
            MaxInFlight = InFlight;
        }
    }

    public void Ended(long nowTicks)
    {
        Integrate(nowTicks);
        InFlight--;
    }

    public void TakeServer() => Busy++;

    public void ReleaseServer() => Busy--;

    public void Enqueue(in QueuedRequest request) => _waiting.Enqueue(request);

    public bool TryDequeue(out QueuedRequest request) => _waiting.TryDequeue(out request);

    public void Leave(long nowTicks)
    {
        Integrate(nowTicks);
        _presentTicks += nowTicks - _presentSince;
        Present = false;
    }

    public void Rejoin(long nowTicks)
    {
        Integrate(nowTicks);
        _presentSince = nowTicks;
        Present = true;
    }

    /// <summary>
    /// Time-averaged in-flight over the time it was in the cluster, up to <paramref name="endTicks"/> (the last
    /// arrival: the drain after it would dilute the average). Call once, at the end.
    /// </summary>
    public double AverageInFlight(long endTicks)
    {
        var present = PresentTicks(endTicks);
        return present <= 0 ? 0 : (double)_inFlightArea / present;
    }

    /// <summary>How long it was in the cluster up to <paramref name="endTicks"/>.</summary>
    public long PresentTicks(long endTicks) => _presentTicks + (Present ? endTicks - _presentSince : 0);

    /// <summary>Freezes the in-flight integral at <paramref name="nowTicks"/>; later changes are not counted.</summary>
    public void FreezeArea(long nowTicks)
    {
        Integrate(nowTicks);
        _lastChangeTicks = long.MaxValue;
    }

    private void Integrate(long nowTicks)
    {
        if (nowTicks > _lastChangeTicks)
        {
            _inFlightArea += InFlight * (nowTicks - _lastChangeTicks);
            _lastChangeTicks = nowTicks;
        }
    }
}
