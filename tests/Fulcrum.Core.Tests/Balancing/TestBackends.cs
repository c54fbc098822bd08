using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Balancing;

/// <summary>Backends and cluster configs for balancing tests: destinations are named a, b, c, … (d10, d11, … beyond z).</summary>
internal static class TestBackends
{
    public static string NameOf(int index) => index < 26 ? ((char)('a' + index)).ToString() : $"d{index}";

    /// <summary>Backends of one cluster: they share an in-flight total, as <see cref="ClusterBalancer"/>'s do.</summary>
    public static Backend[] Make(params int[] weights)
    {
        var cluster = new ClusterInFlight();
        return [.. weights.Select((weight, i) => new Backend(NameOf(i), i, weight, cluster: cluster))];
    }

    public static Backend[] Uniform(int count) => Make([.. Enumerable.Repeat(1, count)]);

    public static ClusterConfig Cluster(
        PolicyKind policy,
        int[] weights,
        PassiveHealthConfig? passive = null,
        TimeSpan? slowStart = null,
        double? balanceFactor = null) => new()
    {
        Name = "web",
        Policy = policy,
        Destinations = [.. weights.Select((w, i) => new DestinationConfig(NameOf(i), new Uri($"http://127.0.0.1:{9000 + i}"), w))],
        Health = new HealthConfig(null, passive),
        SlowStart = slowStart,
        Hash = Policies.IsHashing(policy) ? new HashConfig(new HashKey(HashKeySource.Header, "X-User"), balanceFactor) : null,
    };

    /// <summary>Picks <paramref name="count"/> times at a fixed time and counts picks per backend name.</summary>
    public static Dictionary<string, int> Count(IPicker picker, int count, long nowTicks = 0)
    {
        var counts = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var name = picker.Pick(new PickContext(nowTicks)).Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        return counts;
    }

    /// <summary>Bytes allocated by this thread while running <paramref name="action"/> (after one warm-up run).</summary>
    public static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
