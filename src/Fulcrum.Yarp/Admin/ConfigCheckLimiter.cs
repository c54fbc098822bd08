using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>
/// At most <see cref="MaxConcurrent"/> posted configs are parsed and audited at once (POST /api/audit and
/// /api/config); more are answered 429 with Retry-After at once instead of queueing CPU-heavy work without bound.
/// </summary>
internal sealed class ConfigCheckLimiter
{
    public const int MaxConcurrent = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrent, MaxConcurrent);

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
