using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

internal enum UrlUse
{
    /// <summary>An address to listen on: scheme, host and port only; host may be * or + for all interfaces.</summary>
    Listen,

    /// <summary>A backend or receiver to send requests to: a path is allowed, a fragment is not.</summary>
    Target,
}

/// <summary>The URL rules of the config contract: absolute http/https with a host.</summary>
internal static class Urls
{
    public static string Allowed(UrlUse use) => use == UrlUse.Listen
        ? "absolute http:// or https:// with a host and optional port, e.g. http://127.0.0.1:8080"
        : "absolute http:// or https:// with a host, e.g. http://10.0.0.5:8080";

    public static bool TryParse(string text, UrlUse use, out Uri? uri, out string error)
    {
        uri = null;
        error = "";
        // Kestrel's "all interfaces" hosts are not valid URI hosts; check the rest with a stand-in.
        var probe = use == UrlUse.Listen ? text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal) : text;
        if (!Uri.TryCreate(probe, UriKind.Absolute, out var parsed) || parsed.IsFile || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"{SafeText.Quote(text)} is not an absolute URL with a host; expected {Allowed(use)}";
            return false;
        }
        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            error = $"{SafeText.Quote(text)} uses the scheme {SafeText.Quote(parsed.Scheme)}; expected {Allowed(use)}";
            return false;
        }
        if (!string.IsNullOrEmpty(parsed.Fragment) || (use == UrlUse.Listen && (parsed.AbsolutePath != "/" || parsed.Query.Length > 0)))
        {
            error = use == UrlUse.Listen
                ? $"{SafeText.Quote(text)} has a path, query or fragment; a listen URL is scheme, host and port only, e.g. http://127.0.0.1:8080"
                : $"{SafeText.Quote(text)} has a fragment (#...); expected {Allowed(use)}";
            return false;
        }
        uri = parsed;
        return true;
    }

    /// <summary>
    /// True when a listen URL only accepts connections from this machine: a loopback IP literal, or <c>localhost</c>.
    /// Not <see cref="Uri.IsLoopback"/>, which trusts names: Kestrel binds any host name other than <c>localhost</c>
    /// (<c>loopback</c>, a name that resolves to 127.0.0.1) to every interface, so such a listener is reachable
    /// from the network whatever the name resolves to.
    /// </summary>
    public static bool IsLoopback(string listenUrl)
    {
        if (!Uri.TryCreate(listenUrl, UriKind.Absolute, out _))
        {
            return false;
        }
        // The host as written, as Kestrel reads it: Uri rewrites some names ("loopback" becomes 127.0.0.1).
        var start = listenUrl.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = listenUrl.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? listenUrl[start..] : listenUrl[start..end];
        authority = authority[(authority.LastIndexOf('@') + 1)..];
        var host = authority.StartsWith('[')
            ? authority[1..Math.Max(1, authority.IndexOf(']', StringComparison.Ordinal))]
            : authority.Split(':')[0];
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address);
    }
}
