using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>Serves the dashboard's static files, embedded in the executable (no CDN: it must work offline).</summary>
internal static class DashboardAssets
{
    private static readonly Assembly Assembly = typeof(DashboardAssets).Assembly;

    public static async Task ServeAsync(HttpContext context, string file)
    {
        await using var stream = Assembly.GetManifestResourceStream("wwwroot/" + file);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        context.Response.ContentType = Path.GetExtension(file) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        context.Response.Headers.CacheControl = "no-cache";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
