using System.Numerics;

namespace Fulcrum.Core.Simulation;

/// <summary>
/// The numbers of <c>new Random(seed)</c>, every method, without its indirection: a seeded <see cref="Random"/>
/// forwards each call to an inner generator object (a second virtual call, and a field load, per number), and the
/// simulator's picker stream is drawn on the event loop's thread, millions of times a run. This is the same
/// generator (Knuth's subtractive method with .NET's seeding, kept for seeded compatibility since .NET 1.0) and the
/// same derivations of each method from its samples, so a run gives identical results; <c>SeededRandomTests</c>
/// compares every method with <see cref="Random"/>'s output.
/// </summary>
internal sealed class SeededRandom : Random
{
    private const int Modulus = int.MaxValue;
    private const int Mseed = 161803398;

    private readonly int[] _state = new int[56];
    private int _next;
    private int _nextPrime = 21;

    // The base class is given the seed too: it then builds its compatible generator lazily, i.e. never (every
    // method is overridden), instead of drawing a seed from Random.Shared.
    public SeededRandom(int seed)
        : base(seed)
    {
        var state = _state;
        var subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        var mj = Mseed - subtraction;
        state[55] = mj;
        var mk = 1;
        var ii = 0;
        for (var i = 1; i < 55; i++)
        {
            if ((ii += 21) >= 55)
            {
                ii -= 55;
            }
            state[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += Modulus;
            }
            mj = state[ii];
        }
        for (var k = 1; k < 5; k++)
        {
            for (var i = 1; i < 56; i++)
            {
                var n = i + 30;
                if (n >= 55)
                {
                    n -= 55;
                }
                state[i] -= state[1 + n];
                if (state[i] < 0)
                {
                    state[i] += Modulus;
                }
            }
        }
    }

    public override int Next() => InternalSample();

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Sample() * maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        var range = (long)maxValue - minValue;
        return range > int.MaxValue
            ? (int)((long)(SampleForLargeRange() * range) + minValue)
            : (int)(Sample() * range) + minValue;
    }

    public override long NextInt64()
    {
        ulong result;
        do
        {
            result = NextUInt64() >> 1;
        }
        while (result == long.MaxValue);
        return (long)result;
    }

    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return NextInt64In(0, maxValue);
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return NextInt64In(minValue, maxValue);
    }

    public override double NextDouble() => Sample();

    public override float NextSingle()
    {
        float result;
        do
        {
            result = (float)Sample();
        }
        while (!(result < 1f));
        return result;
    }

    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    public override void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)InternalSample();
        }
    }

    protected override double Sample() => InternalSample() * (1.0 / Modulus);

    /// <summary>Rejection sampling over the next power of two, as the seeded generator does.</summary>
    private long NextInt64In(long minValue, long maxValue)
    {
        var range = (ulong)(maxValue - minValue);
        if (range <= 1)
        {
            return minValue;
        }
        var bits = BitOperations.Log2(range) + (BitOperations.IsPow2(range) ? 0 : 1); // ⌈log2 range⌉
        ulong result;
        do
        {
            result = NextUInt64() >> (64 - bits);
        }
        while (result >= range);
        return (long)result + minValue;
    }

    // 64 bits from three samples: 22 + 22 + 20 bits.
    private ulong NextUInt64() =>
        (uint)(int)(Sample() * (1 << 22))
        | ((ulong)(uint)(int)(Sample() * (1 << 22)) << 22)
        | ((ulong)(uint)(int)(Sample() * (1 << 20)) << 44);

    private double SampleForLargeRange()
    {
        var result = InternalSample();
        if (InternalSample() % 2 == 0)
        {
            result = -result;
        }
        return (result + 2147483646.0) / 4294967293.0;
    }

    private int InternalSample()
    {
        var next = _next + 1;
        if (next >= 56)
        {
            next = 1;
        }
        var nextPrime = _nextPrime + 1;
        if (nextPrime >= 56)
        {
            nextPrime = 1;
        }
        var state = _state;
        var result = state[next] - state[nextPrime];
        if (result == Modulus)
        {
            result--;
        }
        if (result < 0)
        {
            result += Modulus;
        }
        state[next] = result;
        _next = next;
        _nextPrime = nextPrime;
        return result;
    }
}
