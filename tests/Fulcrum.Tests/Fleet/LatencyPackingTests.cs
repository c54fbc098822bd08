using Fulcrum.Core.Fairness;
using Fulcrum.Fleet;

namespace Fulcrum.Tests.Fleet;

/// <summary>The fleet store's packed histograms: exact round trips, a size a tenth of a bigint[], and refusals of broken input.</summary>
public sealed class LatencyPackingTests
{
    [Fact]
    public void Counts_round_trip_exactly_from_zero_to_the_largest()
    {
        long[] counts = [0, 1, 127, 128, 16_383, 16_384, 1L << 35, long.MaxValue, 0, 42];

        Assert.Equal(counts, LatencyPacking.Unpack(LatencyPacking.Pack(counts), counts.Length));
    }

    [Fact]
    public void A_typical_histogram_takes_about_one_byte_per_bucket()
    {
        var counts = new long[LatencyBuckets.Count];
        counts[20] = 900;
        counts[21] = 80;
        counts[30] = 3;

        var packed = LatencyPacking.Pack(counts);

        Assert.Equal(1 + LatencyBuckets.Count + 1, packed.Length); // the count, one byte per bucket, one more for 900
        Assert.True(packed.Length * 10 < 12 * LatencyBuckets.Count, "a tenth of a bigint[]'s 12 bytes per element");
    }

    [Fact]
    public void A_histogram_with_other_bucket_counts_keeps_what_fits()
    {
        var packed = LatencyPacking.Pack([1, 2, 3, 4]);

        Assert.Equal([1L, 2L], LatencyPacking.Unpack(packed, 2));
        Assert.Equal([1L, 2L, 3L, 4L, 0L, 0L], LatencyPacking.Unpack(packed, 6));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 3, 1, 2 })]
    [InlineData(new byte[] { 1, 0x80 })]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Broken_input_is_refused(byte[] packed)
    {
        Assert.Throws<FormatException>(() => LatencyPacking.Unpack(packed, LatencyBuckets.Count));
    }
}
