using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Fulcrum.Core.Balancing;

/// <summary>
/// Hashes request keys (header, cookie, query value, path, client address) for the hash policies: XxHash3 over
/// the key's UTF-8 bytes, so the same key lands on the same destination in every process and after restarts
/// (string.GetHashCode is randomized per process). No allocation: keys up to 256 characters are encoded on
/// the stack, longer ones in a pooled buffer.
/// </summary>
public static class KeyHasher
{
    private const int StackLimitChars = 256;

    public static ulong Hash(ReadOnlySpan<char> key)
    {
        if (key.Length <= StackLimitChars)
        {
            Span<byte> buffer = stackalloc byte[StackLimitChars * 3];
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return XxHash3.HashToUInt64(buffer[..length]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, rented);
            return XxHash3.HashToUInt64(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static ulong Hash(ReadOnlySpan<byte> utf8Key) => XxHash3.HashToUInt64(utf8Key);

    /// <summary>Seeded hash of a destination name, for ring points and Maglev permutations (off the hot path).</summary>
    /// <remarks>
    /// The seed is mixed into the hashed bytes, not passed as XXH3's seed: for inputs of 1–3 bytes XXH3 combines the
    /// seed with the input by XOR, so names that differ only in their last character (<c>d10</c>, <c>d11</c>) got
    /// largely the same set of ring points, and one of them most of the ring.
    /// </remarks>
    internal static ulong Hash(string name, long seed)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(name) + sizeof(long)];
        var length = Encoding.UTF8.GetBytes(name, bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(length), seed);
        return XxHash3.HashToUInt64(bytes);
    }

    /// <summary>A strong 64-bit mix (SplitMix64's finalizer) to derive independent bits from one hash.</summary>
    internal static ulong Mix(ulong value)
    {
        value ^= value >> 30;
        value *= 0xBF58476D1CE4E5B9UL;
        value ^= value >> 27;
        value *= 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
