using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// The admin port's request delegate, built on the first request to it (<see cref="AdminPipeline"/>). A build that
/// throws is not kept: that request is answered 500 with a line saying so, the cause is logged, and the next request
/// builds again. A <see cref="Lazy{T}"/> would have kept the exception and failed every admin call until a restart,
/// the proxy serving on without a way to see or change it.
/// </summary>
internal sealed partial class AdminBranch(Func<RequestDelegate> build, ILogger logger)
{
    /// <summary>The body of the 500 a failed build answers (the exception itself is only logged: the caller may not be authorized).</summary>
    public const string BuildFailedText = "the admin API could not be built; the cause is in the proxy's log (Fulcrum.Admin), and the next request builds it again\n";

    private readonly Lock _building = new();
    private RequestDelegate? _built;

    public Task InvokeAsync(HttpContext context) =>
        (Volatile.Read(ref _built) ?? Build()) is { } branch ? branch(context) : BuildFailedAsync(context);

    /// <summary>One build at a time; the requests that waited for a failed one each try again themselves.</summary>
    private RequestDelegate? Build()
    {
        lock (_building)
        {
            if (_built is { } built)
            {
                return built;
            }
            try
            {
                built = build();
            }
            catch (Exception e)
            {
                LogBuildFailed(logger, e);
                return null;
            }
            Volatile.Write(ref _built, built);
            return built;
        }
    }

    private static Task BuildFailedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(BuildFailedText);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "admin API: building its endpoints failed; the request got 500 and the next one builds them again")]
    private static partial void LogBuildFailed(ILogger logger, Exception exception);
}
