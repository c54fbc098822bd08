using Fulcrum.Core.Simulation;

namespace Fulcrum.Core.Tests.Simulation;

public class SeededRandomTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-7)]
    [InlineData(161803398)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Every_method_gives_the_numbers_of_a_seeded_System_Random(int seed)
    {
        var expected = new Random(seed);
        var actual = new SeededRandom(seed);
        var choose = new Random(seed ^ 0x5EED);
        Span<byte> expectedBytes = stackalloc byte[7];
        Span<byte> actualBytes = stackalloc byte[7];
        for (var i = 0; i < 200_000; i++)
        {
            var small = choose.Next(0, 3_000);
            var large = choose.NextInt64(long.MinValue, long.MaxValue);
            switch (choose.Next(12))
            {
                case 0:
                    Assert.Equal(expected.Next(), actual.Next());
                    break;
                case 1:
                    Assert.Equal(expected.Next(small), actual.Next(small));
                    break;
                case 2:
                    Assert.Equal(expected.Next(-small, small), actual.Next(-small, small));
                    break;
                case 3:
                    Assert.Equal(expected.Next(int.MinValue + small, int.MaxValue), actual.Next(int.MinValue + small, int.MaxValue)); // the large-range path
                    break;
                case 4:
                    Assert.Equal(expected.NextInt64(), actual.NextInt64());
                    break;
                case 5:
                    Assert.Equal(expected.NextInt64(small), actual.NextInt64(small));
                    break;
                case 6:
                    Assert.Equal(expected.NextInt64(Math.Abs(large >> 1)), actual.NextInt64(Math.Abs(large >> 1)));
                    break;
                case 7:
                    Assert.Equal(expected.NextInt64(long.MinValue, long.MaxValue), actual.NextInt64(long.MinValue, long.MaxValue));
                    break;
                case 8:
                    Assert.Equal(expected.NextInt64(large >> 2, (large >> 2) + small), actual.NextInt64(large >> 2, (large >> 2) + small));
                    break;
                case 9:
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected.NextDouble()), BitConverter.DoubleToInt64Bits(actual.NextDouble()));
                    break;
                case 10:
                    Assert.Equal(BitConverter.SingleToInt32Bits(expected.NextSingle()), BitConverter.SingleToInt32Bits(actual.NextSingle()));
                    break;
                default:
                    expected.NextBytes(expectedBytes);
                    actual.NextBytes(actualBytes);
                    Assert.True(expectedBytes.SequenceEqual(actualBytes));
                    break;
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_as_Random_refuses_them()
    {
        var random = new SeededRandom(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(5, 4));
        Assert.Throws<ArgumentNullException>(() => random.NextBytes(null!));
    }
}
