using System.Net;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Proxy;

/// <summary>Reads a cluster's hash key (header, cookie, query, path or client IP) from a request and hashes it.</summary>
internal sealed class HashKeyReader
{
    private readonly HashKey _key;

    public HashKeyReader(HashKey key)
    {
        _key = key;
    }

    /// <summary>False when the request has no such key (the picker then chooses a random point).</summary>
    public bool TryHash(HttpContext context, out ulong hash)
    {
        switch (_key.Source)
        {
            case HashKeySource.Header:
                return TryHashText(context.Request.Headers[_key.Name!].ToString(), out hash);
            case HashKeySource.Cookie:
                return TryHashText(context.Request.Cookies[_key.Name!], out hash);
            case HashKeySource.Query:
                return TryHashText(context.Request.Query[_key.Name!].ToString(), out hash);
            case HashKeySource.Path:
                return TryHashText(context.Request.Path.Value, out hash);
            case HashKeySource.ClientIp:
                return TryHashAddress(context.Connection.RemoteIpAddress, out hash);
            default:
                hash = 0;
                return false;
        }
    }

    private static bool TryHashText(string? text, out ulong hash)
    {
        if (string.IsNullOrEmpty(text))
        {
            hash = 0;
            return false;
        }
        // The same hash as the simulator's, so a simulated key lands where a real one does.
        hash = KeyHasher.Hash(text.AsSpan());
        return true;
    }

    private static bool TryHashAddress(IPAddress? address, out ulong hash)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (address is null || !address.TryWriteBytes(bytes, out var written))
        {
            hash = 0;
            return false;
        }
        hash = KeyHasher.Hash(bytes[..written]);
        return true;
    }
}
