using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>
/// A real Kestrel backend on 127.0.0.1:0 for body faults. <c>POST /upload</c> reads the whole body, then answers
/// 200; <c>POST /echo</c> sends the start of its 200 answer at once, then streams the body back while it reads it;
/// <c>GET /cut</c> promises 1 MB, sends 64 KB and resets the connection (unless <see cref="CutsResponses"/> is off);
/// anything else answers 200 "ok".
/// </summary>
internal sealed class StreamingBackend : IAsyncDisposable
{
    private LoopbackApp _app = null!;
    private int _uploadsStarted;

    public Uri Address => _app.Address;

    /// <summary>When false, <c>GET /cut</c> is answered like any other path.</summary>
    public bool CutsResponses { get; set; } = true;

    /// <summary>Uploads whose body this backend began to read: the proxy had already forwarded them.</summary>
    public int UploadsStarted => Volatile.Read(ref _uploadsStarted);

    public static async Task<StreamingBackend> StartAsync()
    {
        var backend = new StreamingBackend();
        backend._app = await LoopbackApp.StartAsync(backend.HandleAsync, builder =>
        {
            builder.Logging.ClearProviders();
            // The proxy enforces its own body limit; this backend takes anything.
            builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null);
        });
        return backend;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var buffer = new byte[16 * 1024];
        switch (context.Request.Path.Value)
        {
            case "/upload":
                Interlocked.Increment(ref _uploadsStarted);
                while (await ReadAsync(context, buffer) > 0)
                {
                }
                await context.Response.WriteAsync("ok", context.RequestAborted);
                break;
            case "/echo":
                Interlocked.Increment(ref _uploadsStarted);
                // Answer before reading anything, so the proxy has started its response to the client too.
                await context.Response.Body.WriteAsync("echo:"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                int read;
                while ((read = await ReadAsync(context, buffer)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
                break;
            case "/cut" when CutsResponses:
                context.Response.ContentLength = 1024 * 1024;
                await context.Response.Body.WriteAsync(new byte[64 * 1024], context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
            default:
                await context.Response.WriteAsync("ok", context.RequestAborted);
                break;
        }
    }

    /// <summary>A body the proxy cut off ends here as an error; to this backend it is just the end of the upload.</summary>
    private static async Task<int> ReadAsync(HttpContext context, byte[] buffer)
    {
        try
        {
            return await context.Request.Body.ReadAsync(buffer, context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            return 0;
        }
    }
}
