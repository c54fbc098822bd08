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
        var writer = new PackedWriter((counts.Count + 1) * 2);
        Write(writer, counts);
        return writer.ToArray();
    }

    /// <summary>The first <paramref name="buckets"/> counts (zeros past what was written); malformed input is refused.</summary>
    public static long[] Unpack(ReadOnlySpan<byte> packed, int buckets)
    {
        var reader = new PackedReader(packed);
        return Read(ref reader, buckets);
    }

    public static void Write(PackedWriter writer, IReadOnlyList<long> counts)
    {
        writer.Varint((ulong)counts.Count);
        foreach (var count in counts)
        {
            writer.Varint((ulong)Math.Max(0, count));
        }
    }

    public static long[] Read(ref PackedReader reader, int buckets)
    {
        var stored = reader.Count();
        var counts = new long[buckets];
        for (var i = 0; i < stored; i++)
        {
            var value = reader.Varint();
            if (i < buckets)
            {
                counts[i] = (long)Math.Min(value, long.MaxValue);
            }
        }
        return counts;
    }
}
