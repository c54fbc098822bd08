using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Recording;

/// <summary>
/// One forward that went asynchronous, waiting to be recorded when it ends: the <see cref="ValueTask{TResult}"/>
/// <see cref="RequestRecorder"/> hands back. It is reused, from <see cref="PendingRecordingPool"/>, as soon as its
/// one awaiter has the result, so a warm proxy allocates nothing per request however many are in flight.
/// </summary>
/// <remarks>
/// Why not a pooled <c>async</c> method (<c>PoolingAsyncValueTaskMethodBuilder</c>): the runtime's pool keeps one
/// box per thread and one per core, so with more forwards in flight than that (64 connections on 2 cores) a request
/// that starts on a thread whose slot is empty allocates a box (~150 B, about 1 request in 15 under wrk -c64,
/// bench/RESULTS.md section <c>pool0</c>). This pool holds as many as are in flight at the busiest moment.
/// </remarks>
internal sealed class PendingRecording : IValueTaskSource<ForwarderError>
{
    private static readonly ContextCallback EndInContext = static state => ((PendingRecording)state!).EndAndComplete();

    private readonly PendingRecordingPool _pool;
    private readonly Action _onForwarded;
    private ManualResetValueTaskSourceCore<ForwarderError> _core;   // a mutable struct: never readonly
    private ConfiguredValueTaskAwaitable<ForwarderError>.ConfiguredValueTaskAwaiter _forwarding;
    private ExecutionContext? _executionContext;
    private RequestRecorder? _recorder;
    private RequestRecorder.Started _started;

    public PendingRecording(PendingRecordingPool pool)
    {
        _pool = pool;
        _onForwarded = OnForwarded;
    }

    /// <summary>Waits for <paramref name="forwarding"/> (not completed yet) and records the request when it ends.</summary>
    public ValueTask<ForwarderError> Watch(ValueTask<ForwarderError> forwarding, RequestRecorder recorder, in RequestRecorder.Started started)
    {
        _recorder = recorder;
        _started = started;
        // The recording runs in the request's execution context, as an async method's continuation would; Capture
        // returns the current context object, it does not copy it.
        _executionContext = ExecutionContext.Capture();
        _forwarding = forwarding.ConfigureAwait(false).GetAwaiter();
        var token = _core.Version;
        // Unsafe: the context is restored above by hand; flowing it through the forward's Task would allocate a
        // continuation wrapper per request when the request has AsyncLocals (every ASP.NET request does).
        _forwarding.UnsafeOnCompleted(_onForwarded);
        return new ValueTask<ForwarderError>(this, token);
    }

    private void OnForwarded()
    {
        if (_executionContext is { } context)
        {
            ExecutionContext.Run(context, EndInContext, this);
        }
        else
        {
            EndAndComplete();
        }
    }

    private void EndAndComplete()
    {
        ForwarderError result;
        try
        {
            try
            {
                result = _forwarding.GetResult();
            }
            finally
            {
                _recorder!.End(_started);
            }
        }
        catch (Exception e)
        {
            _core.SetException(e);
            return;
        }
        // Nothing after this line: the awaiter may take the result and return this object to the pool inline.
        _core.SetResult(result);
    }

    public ForwarderError GetResult(short token)
    {
        // A stale token (a second GetResult) or a call before the forward ended, both of which ValueTask forbids,
        // throw here and leave the object alone: another request may already hold it, or the forward still runs.
        if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending)
        {
            throw new InvalidOperationException("The forward has not ended yet; await the ValueTask instead of reading its result.");
        }
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>The awaiter has what it needs: forget the request (the pool must not keep its HttpContext alive).</summary>
    private void Release()
    {
        _core.Reset();
        _forwarding = default;
        _executionContext = null;
        _recorder = null;
        _started = default;
        _pool.Return(this);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
