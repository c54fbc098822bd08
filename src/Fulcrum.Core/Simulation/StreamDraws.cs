namespace Fulcrum.Core.Simulation;

/// <summary>
/// What one arrival takes from the arrival stream: its key (drawn first; -1 when requests carry none) and the gap
/// to the next arrival. The run's first entry only sets the first gap (<see cref="Key"/> -1, nothing drawn for it).
/// </summary>
internal readonly record struct ArrivalDraw(long GapTicks, int Key);

/// <summary>
/// One uniform draw of the service stream and ln(1 − <see cref="Uniform"/>), taken ahead because the exponential and
/// lognormal service times need it: the same number <c>Math.Log(1.0 - u)</c> gives at the point of use.
/// </summary>
internal readonly record struct ServiceDraw(double Uniform, double LogComplement)
{
    public static ServiceDraw From(Random random)
    {
        var uniform = random.NextDouble();
        return new ServiceDraw(uniform, Math.Log(1.0 - uniform));
    }
}

/// <summary>The arrival stream: the first gap, then per arrival its key and the next gap, exactly as the loop drew them.</summary>
internal sealed class ArrivalDrawer(ArrivalProcess arrivals, KeySource keys, Random random) : IDrawFiller<ArrivalDraw>
{
    private bool _started;

    public void Fill(ArrivalDraw[] block)
    {
        var i = 0;
        if (!_started)
        {
            _started = true;
            block[i++] = new ArrivalDraw(arrivals.NextGapTicks(random), -1);
        }
        for (; i < block.Length; i++)
        {
            var key = keys.Next(random);
            block[i] = new ArrivalDraw(arrivals.NextGapTicks(random), key);
        }
    }
}

/// <summary>The service stream: uniform draws with their logarithms, taken one or two per started request.</summary>
internal sealed class ServiceDrawer(Random random) : IDrawFiller<ServiceDraw>
{
    public void Fill(ServiceDraw[] block)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = ServiceDraw.From(random);
        }
    }
}
