using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fulcrum.Proxy;

/// <summary>
/// Notes how reading the client's upload failed, while YARP streams it to the destination. YARP reports whichever
/// of its two copies failed first, and a body over the proxy's limit (or a client breaking its upload) makes the
/// HTTP client tear the destination connection down too: the error YARP reports may then be the destination's
/// (<c>ResponseBodyDestination</c>). What this wrapper saw on the client's side is the cause, so
/// <see cref="FaultClassifier"/> asks it first. Installed only on requests that can have a body.
/// </summary>
internal sealed class RequestBodyWatch : Stream
{
    private readonly Stream _inner;
    private int _failure;
    private BadHttpRequestException? _limit;

    private RequestBodyWatch(Stream inner) => _inner = inner;

    /// <summary><see cref="Fault.Proxy"/> for the proxy's own body limits (413, 408), <see cref="Fault.Client"/> for any other read failure, else null.</summary>
    public Fault? Failure => _failure == 0 ? null : (Fault)_failure;

    public static void Install(HttpContext context)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true } || context.Features.Get<RequestBodyWatch>() is not null)
        {
            return;
        }
        var watch = new RequestBodyWatch(context.Request.Body);
        context.Request.Body = watch;
        context.Features.Set(watch);
    }

    public static Fault? FailureOf(HttpContext context) => context.Features.Get<RequestBodyWatch>()?.Failure;

    /// <summary>
    /// The proxy's own body limit (413, 408) that reading the upload ran into, if it did. YARP answers it with
    /// its status and may report another copy's error, so this is where the limit itself is known for the log.
    /// </summary>
    public static BadHttpRequestException? LimitHitOf(HttpContext context) => context.Features.Get<RequestBodyWatch>()?._limit;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observe(e))
        {
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _inner.Read(buffer);
        }
        catch (Exception e) when (Observe(e))
        {
            throw;
        }
    }

    /// <summary>Records the first failure; returns false so the exception goes on untouched.</summary>
    private bool Observe(Exception e)
    {
        // A cancelled read is YARP stopping the copy (the destination answered, a timeout, the client's abort):
        // RequestAborted and the forwarder error tell those apart.
        if (e is not OperationCanceledException)
        {
            var limit = FaultClassifier.ProxyLimitIn(e);
            Interlocked.CompareExchange(ref _failure, (int)(limit is null ? Fault.Client : Fault.Proxy), 0);
            if (limit is not null)
            {
                Interlocked.CompareExchange(ref _limit, limit, null);
            }
        }
        return false;
    }

    public override bool CanRead => _inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
