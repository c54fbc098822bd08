using System.Net;
using Fulcrum.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fulcrum.Admin;

/// <summary>
/// Keeps a browser from being used against the admin API (docs/admin-api.md, "Writes"). Every POST must
///   1. come from the admin API's own origin: an <c>Origin</c> header, when present, names this very scheme, host and
///      port (a page elsewhere cannot post here: CSRF);
///   2. address the admin listener by its own address: the <c>Host</c> header is its IP (or <c>localhost</c> on
///      loopback) and port, so a name that an attacker made resolve to 127.0.0.1 is refused (DNS rebinding);
///   3. carry a JSON or YAML content type, which no cross-site form or "simple" request can send.
/// 1 and 2 answer 403, 3 answers 415. Reads are unaffected.
/// </summary>
internal static class AdminWriteGuard
{
    /// <summary>The content types a POST may carry; none of them is a CORS "simple" type.</summary>
    public static readonly IReadOnlyList<string> ContentTypes = ["application/json", "application/yaml", "application/x-yaml", "text/yaml"];

    /// <summary>Null when the request may write, else the answer to give.</summary>
    public static IResult? Check(HttpContext context, IAdminAddress? listener)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return null;
        }
        if (request.Headers.Origin.Count > 0 && !IsOwnOrigin(request))
        {
            return Forbidden($"Origin {Describe(request.Headers.Origin)} is not this admin API's origin; the admin API takes writes from itself only");
        }
        // Only where the listener is known (the fulcrum executable): an embedding app may sit behind its own proxy.
        if (listener?.Address is not null && !NamesListener(request.Host, context.Connection))
        {
            return Forbidden($"Host {Describe(request.Headers.Host)} does not name the admin listener; address it by its IP and port");
        }
        if (!HasWriteContentType(request))
        {
            return AdminJson.Error($"a POST needs Content-Type {string.Join(", ", ContentTypes)}", StatusCodes.Status415UnsupportedMediaType);
        }
        return null;
    }

    private static bool IsOwnOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        // "null" (a sandboxed or file page) and anything unparsable are foreign.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && request.Host.HasValue
            && string.Equals(uri.Authority, new Uri($"{request.Scheme}://{request.Host.Value}").Authority, StringComparison.OrdinalIgnoreCase);
    }

    private static bool NamesListener(HostString host, ConnectionInfo connection)
    {
        if (!host.HasValue || connection.LocalIpAddress is not { } local)
        {
            return false;
        }
        var port = host.Port ?? 80;
        if (port != connection.LocalPort)
        {
            return false;
        }
        var name = host.Host.Trim('[', ']');
        if (IPAddress.TryParse(name, out var address))
        {
            return Normal(address).Equals(Normal(local));
        }
        return IPAddress.IsLoopback(local) && string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase);
    }

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool HasWriteContentType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && ContentTypes.Contains(type.MediaType.Value ?? "", StringComparer.OrdinalIgnoreCase);

    private static string Describe(Microsoft.Extensions.Primitives.StringValues value) => Core.Text.SafeText.Quote(value.ToString());

    private static IResult Forbidden(string why) => AdminJson.Error(why, StatusCodes.Status403Forbidden);
}
