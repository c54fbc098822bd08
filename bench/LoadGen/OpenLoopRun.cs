using System.Diagnostics;

namespace LoadGen;

/// <summary>
/// One open-loop run: request i is due at <c>start + i/rate</c> and is sent then whatever happened to the earlier
/// ones, so a slow system cannot slow the arrivals down. Latency is measured from the SCHEDULED time, not from the
/// moment the request actually left, so time a request spent waiting for the generator counts against the system
/// (no coordinated omission). Bounded by the request count, the per-request timeout and the in-flight cap.
/// </summary>
internal sealed class OpenLoopRun
{
    private readonly HttpClient _client;
    private readonly RequestTargets _targets;
    private readonly TimeSpan _timeout;
    private readonly int _maxInFlight;
    private readonly long _ticksPerRequest;
    private readonly long[] _latencyTicks;
    private readonly int[] _outcomes;
    private readonly string?[] _headerValues;
    private readonly string? _countHeader;
    private long _start;
    private int _inFlight;
    private long _maxSendLagTicks;

    public OpenLoopRun(HttpClient client, RequestTargets targets, double rate, TimeSpan duration, TimeSpan timeout, int maxInFlight, string? countHeader)
    {
        _client = client;
        _targets = targets;
        _timeout = timeout;
        _maxInFlight = maxInFlight;
        _ticksPerRequest = (long)(Stopwatch.Frequency / rate);
        var count = (int)Math.Ceiling(rate * duration.TotalSeconds);
        _latencyTicks = new long[count];
        _outcomes = new int[count];
        _headerValues = new string?[count];
        _countHeader = countHeader;
    }

    public int Scheduled => _outcomes.Length;

    /// <summary>Sends every request on schedule, then waits (at most timeout + 1 s) for the stragglers.</summary>
    public RunResults Execute()
    {
        _start = Stopwatch.GetTimestamp();
        for (var i = 0; i < _outcomes.Length; i++)
        {
            var due = _start + i * _ticksPerRequest;
            WaitUntil(due);
            _maxSendLagTicks = Math.Max(_maxSendLagTicks, Stopwatch.GetTimestamp() - due);
            if (Volatile.Read(ref _inFlight) >= _maxInFlight)
            {
                _outcomes[i] = Outcome.Overflow;
                continue;
            }
            Interlocked.Increment(ref _inFlight);
            ThreadPool.UnsafeQueueUserWorkItem(static state => _ = state.Run.SendAsync(state.Index), (Run: this, Index: i), preferLocal: false);
        }
        var sendEnd = Stopwatch.GetTimestamp();
        var drainDeadline = sendEnd + (long)((_timeout.TotalSeconds + 1) * Stopwatch.Frequency);
        while (Volatile.Read(ref _inFlight) > 0 && Stopwatch.GetTimestamp() < drainDeadline)
        {
            Thread.Sleep(5);
        }
        return new RunResults(
            (int[])_outcomes.Clone(),
            (long[])_latencyTicks.Clone(),
            (string?[])_headerValues.Clone(),
            Stopwatch.GetElapsedTime(_start, sendEnd),
            Stopwatch.GetElapsedTime(0, _maxSendLagTicks));
    }

    private static void WaitUntil(long due)
    {
        // Sleep while far ahead (Linux sleeps ~1 ms), then yield: sub-millisecond spacing without burning a core,
        // which the proxies under test need more than we do.
        while (true)
        {
            var ahead = due - Stopwatch.GetTimestamp();
            if (ahead <= 0)
            {
                return;
            }
            if (ahead > Stopwatch.Frequency / 500)
            {
                Thread.Sleep(1);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private async Task SendAsync(int index)
    {
        var due = _start + index * _ticksPerRequest;
        try
        {
            using var timeout = new CancellationTokenSource(_timeout);
            using var response = await _client.GetAsync(_targets.For(index), HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            _latencyTicks[index] = Stopwatch.GetTimestamp() - due;
            _outcomes[index] = (int)response.StatusCode;
            if (_countHeader is not null && response.Headers.TryGetValues(_countHeader, out var values))
            {
                _headerValues[index] = string.Join(",", values);
            }
        }
        catch (OperationCanceledException)
        {
            _outcomes[index] = Outcome.Timeout;
        }
        catch (HttpRequestException)
        {
            _latencyTicks[index] = Stopwatch.GetTimestamp() - due;
            _outcomes[index] = Outcome.ConnectionError;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
