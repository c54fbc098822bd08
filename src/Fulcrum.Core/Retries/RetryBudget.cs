namespace Fulcrum.Core.Retries;

/// <summary>
/// Bounds retries the way Linkerd and Envoy do, so that retries cannot multiply the load of an outage: over a
/// sliding window (10 one-second buckets), retries may be at most <c>ratio × requests + minPerSecond × 10</c>.
/// The minimum lets a quiet cluster still retry its rare failures. Time comes from a <see cref="TimeProvider"/>
/// (a fake clock in tests). A small lock keeps the counts exact; it is uncontended next to the network.
/// </summary>
public sealed class RetryBudget
{
    public const int WindowSeconds = 10;
    public const int DefaultMinPerSecond = 5;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _ratio;
    private readonly int _minPerWindow;
    private readonly long[] _requests = new long[WindowSeconds];
    private readonly long[] _retries = new long[WindowSeconds];
    private readonly long[] _second = new long[WindowSeconds];
    private long _exhausted;

    public RetryBudget(double ratio, TimeProvider time, int minPerSecond = DefaultMinPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratio);
        ArgumentOutOfRangeException.ThrowIfNegative(minPerSecond);
        _ratio = ratio;
        _time = time;
        _minPerWindow = minPerSecond * WindowSeconds;
        Array.Fill(_second, long.MinValue);
    }

    /// <summary>Retries refused because the budget was spent, since this budget was created.</summary>
    public long Exhausted => Interlocked.Read(ref _exhausted);

    /// <summary>Counts one original request (not a retry) toward the budget.</summary>
    public void RecordRequest()
    {
        lock (_gate)
        {
            _requests[Slot(CurrentSecond())]++;
        }
    }

    /// <summary>Takes one retry from the budget; false (and counted) when the window has none left.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            var now = CurrentSecond();
            long requests = 0, retries = 0;
            for (var i = 0; i < WindowSeconds; i++)
            {
                if (_second[i] > now - WindowSeconds)
                {
                    requests += _requests[i];
                    retries += _retries[i];
                }
            }
            if (retries + 1 > _ratio * requests + _minPerWindow)
            {
                _exhausted++;
                return false;
            }
            _retries[Slot(now)]++;
            return true;
        }
    }

    private long CurrentSecond() => _time.GetTimestamp() / _time.TimestampFrequency;

    /// <summary>The bucket of <paramref name="second"/>, cleared when it last held an older second.</summary>
    private int Slot(long second)
    {
        var slot = (int)(second % WindowSeconds);
        if (_second[slot] != second)
        {
            _second[slot] = second;
            _requests[slot] = 0;
            _retries[slot] = 0;
        }
        return slot;
    }
}
