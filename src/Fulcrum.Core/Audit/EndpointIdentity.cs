using System.Net;

namespace Fulcrum.Core.Audit;

/// <summary>
/// Two ways of saying which backend an address reaches. <see cref="Canonical"/> folds only what URI rules make
/// identical (scheme and host case, an explicit default port, a trailing slash): equal canonical forms are
/// certainly the same backend. <see cref="HostPort"/> also folds what name resolution usually makes identical
/// (localhost, 127.0.0.1 and [::1]; an IPv4-mapped IPv6 address; a trailing dot) and ignores the path:
/// equal host:port keys are very probably the same server process.
/// </summary>
internal static class EndpointIdentity
{
    private const string Loopback = "loopback";

    public static string Canonical(Uri address)
    {
        var path = address.AbsolutePath.TrimEnd('/');
        return $"{address.Scheme.ToLowerInvariant()}://{address.IdnHost.ToLowerInvariant()}:{address.Port}{path}";
    }

    public static string HostPort(Uri address) => $"{NormalizeHost(address)}:{address.Port}";

    private static string NormalizeHost(Uri address)
    {
        var host = address.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return Loopback;
        }
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            if (ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }
            return IPAddress.IsLoopback(ip) ? Loopback : ip.ToString();
        }
        return host;
    }
}
