using Fulcrum.Core.Config;

namespace Fulcrum.Core.Balancing;

/// <summary>The arithmetic of passive outlier ejection, kept apart from the state handling so it reads as policy.</summary>
internal static class EjectionRules
{
    /// <summary>Repeat ejections grow linearly (Envoy: base × times ejected) up to this multiple of the base.</summary>
    public const int MaxMultiplier = 10;

    /// <summary>
    /// How many ejections count for the next one: the previous count, less one for every full base ejection
    /// period spent clean since the last return (Envoy decrements its multiplier on each clean interval), plus one.
    /// </summary>
    public static int NextTimesEjected(OutlierState state, long nowTicks, TimeSpan baseEjection)
    {
        var times = state.TimesEjected;
        var lastReturn = state.LastReturnTicks;
        if (times > 0 && lastReturn != long.MinValue && baseEjection > TimeSpan.Zero)
        {
            var cleanPeriods = (nowTicks - lastReturn) / baseEjection.Ticks;
            times = (int)Math.Max(0, times - cleanPeriods);
        }
        return times + 1;
    }

    public static TimeSpan Duration(TimeSpan baseEjection, int timesEjected) =>
        baseEjection * Math.Min(timesEjected, MaxMultiplier);

    /// <summary>The most destinations that may be ejected at once: floor(n × percent / 100).</summary>
    public static int MaxEjected(PassiveHealthConfig passive, int destinations) =>
        (int)((long)destinations * Math.Clamp(passive.MaxEjectedPercent, 0, 100) / 100);
}
