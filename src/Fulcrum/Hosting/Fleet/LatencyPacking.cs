namespace Fulcrum.Fleet;

/// <summary>
/// A latency histogram as the fleet store keeps it: the bucket count, then each bucket's count, as LEB128 varints.
/// An empty bucket is one byte, so a typical histogram of ~60 buckets is 60–90 bytes, against ~760 as a
/// <c>bigint[]</c>; reading 2,000 of them was most of the fleet view's time (bench/RESULTS.md). The leading count
/// lets a reader decode a histogram written with more or fewer buckets (it keeps what fits its own).
/// </summary>
internal static class LatencyPacking
{
    public static byte[] Pack(IReadOnlyList<long> counts)
    {
        var buffer = new byte[(counts.Count + 1) * 10];
        var length = Write(buffer, 0, (ulong)counts.Count);
        foreach (var count in counts)
        {
            length = Write(buffer, length, (ulong)Math.Max(0, count));
        }
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>The first <paramref name="buckets"/> counts (zeros past what was written); malformed input is refused.</summary>
    public static long[] Unpack(ReadOnlySpan<byte> packed, int buckets)
    {
        var position = 0;
        var stored = Read(packed, ref position);
        if (stored > int.MaxValue)
        {
            throw new FormatException($"a packed latency histogram claims {stored} buckets");
        }
        var counts = new long[buckets];
        for (var i = 0; i < (int)stored; i++)
        {
            var value = Read(packed, ref position);
            if (i < buckets)
            {
                counts[i] = (long)Math.Min(value, long.MaxValue);
            }
        }
        return counts;
    }

    private static int Write(byte[] buffer, int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[position++] = (byte)value;
        return position;
    }

    private static ulong Read(ReadOnlySpan<byte> packed, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= packed.Length)
            {
                throw new FormatException("a packed latency histogram ends in the middle of a count");
            }
            var b = packed[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new FormatException("a packed latency histogram has a count longer than 64 bits");
    }
}
