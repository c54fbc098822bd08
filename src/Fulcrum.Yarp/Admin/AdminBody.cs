using System.Text;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>
/// Reads a posted config without ever holding more than <see cref="ConfigLimits.MaxBytes"/>: a larger body is
/// answered 413 (a config that big is refused by the loader anyway), including one over Kestrel's own limit, which
/// otherwise surfaces as an unhandled exception and a reset connection.
/// </summary>
internal static class AdminBody
{
    /// <summary>The body as text, or no text and the answer to give instead (413 past <paramref name="maxBytes"/>).</summary>
    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits (body size, rate) and malformed chunking: answered, not thrown to the host.
            return (null, AdminJson.Error(e.Message, e.StatusCode));
        }
        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static IResult TooLarge(int maxBytes) => AdminJson.Error(
        $"the body is larger than the limit of {maxBytes} bytes (ConfigLimits.MaxBytes); a config is normally a few KiB",
        StatusCodes.Status413PayloadTooLarge);
}
