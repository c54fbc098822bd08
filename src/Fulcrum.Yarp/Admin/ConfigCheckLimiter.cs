using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>
/// At most <see cref="MaxConcurrent"/> posted configs are parsed and audited at once by POST /api/audit; more are
/// answered 429 with Retry-After at once instead of queueing CPU-heavy work without bound. POST /api/config only
/// reads its body here (<see cref="ReadQueuedAsync"/>): its applies are serialized and coalesced by the gate.
/// </summary>
internal sealed class ConfigCheckLimiter
{
    public const int MaxConcurrent = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);
    private readonly SemaphoreSlim _reads = new(MaxConcurrent, MaxConcurrent);

    /// <summary>
    /// Reads a posted config's body when one of <see cref="MaxConcurrent"/> read slots is free, waiting for one (reading
    /// costs memory, not CPU; the apply that follows is bounded by the gate's coalescing, not here).
    /// </summary>
    public async Task<T> ReadQueuedAsync<T>(HttpContext context, Func<Task<T>> read)
    {
        await _reads.WaitAsync(context.RequestAborted);
        try
        {
            return await read();
        }
        finally
        {
            _reads.Release();
        }
    }

    /// <summary>Runs <paramref name="check"/> in a free slot, or answers 429 when there is none.</summary>
    public async Task<IResult> RunAsync(HttpContext context, Func<Task<IResult>> check)
    {
        if (!_slots.Wait(0))
        {
            context.Response.Headers.RetryAfter = "1";
            return AdminJson.Error($"{MaxConcurrent} configs are being checked already; retry in a second", StatusCodes.Status429TooManyRequests);
        }
        try
        {
            return await check();
        }
        finally
        {
            _slots.Release();
        }
    }
}
