using System.IO.Hashing;
using System.Text;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// A 64-bit hash of a key that is the same on every run, machine and process (XxHash64, seed 0) — unlike
/// <see cref="string.GetHashCode()"/>, which is randomized per process and would make simulations irreproducible.
/// </summary>
public static class StableKeyHash
{
    public static ulong Hash(string key)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetMaxByteCount(key.Length) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(key, buffer)]
            : Encoding.UTF8.GetBytes(key);
        return XxHash64.HashToUInt64(bytes);
    }
}
