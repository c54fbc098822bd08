namespace Fulcrum.Core.Fairness;

/// <summary>
/// How every backend fared over the window in every tracked cluster, by address (scheme, host and port: one
/// backend process), as of the last <see cref="DistributionMonitor.Sample"/>. The judge reads it for one case only:
/// a destination that takes a whole cluster (first-available, a hot key on plain hashing) has peers that got
/// nothing there, so the cluster alone cannot tell its failures from trouble every backend shares (a stalled
/// machine). The same peers serving other clusters can: healthy elsewhere, the failures are the destination's own.
/// Up to one sample (250 ms) old, which a 30 s window does not notice.
/// </summary>
internal sealed class BackendBoard
{
    public static readonly BackendBoard Empty = new(new Dictionary<string, Entry[]>(StringComparer.Ordinal));

    private readonly Dictionary<string, Entry[]> _byAddress;

    private BackendBoard(Dictionary<string, Entry[]> byAddress)
    {
        _byAddress = byAddress;
    }

    /// <summary>One cluster's window counts for one backend.</summary>
    public readonly record struct Entry(string Cluster, long Requests, long Failures);

    /// <summary>The key of a backend address: two destinations with this key are the same server.</summary>
    public static string? KeyOf(Uri? address) => address is { IsAbsoluteUri: true } a ? a.GetLeftPart(UriPartial.Authority) : null;

    /// <summary>Builds the board from every cluster's last sampled window counts.</summary>
    public static BackendBoard Of(IEnumerable<ClusterRecorder> clusters)
    {
        var byAddress = new Dictionary<string, List<Entry>>(StringComparer.Ordinal);
        foreach (var cluster in clusters)
        {
            foreach (var (key, requests, failures) in cluster.LastCounts)
            {
                if (!byAddress.TryGetValue(key, out var list))
                {
                    byAddress[key] = list = [];
                }
                list.Add(new Entry(cluster.Name, requests, failures));
            }
        }
        return new BackendBoard(byAddress.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>Requests and failures of the backend at <paramref name="address"/> in every cluster but <paramref name="cluster"/>.</summary>
    public (long Requests, long Failures) Elsewhere(Uri? address, string cluster)
    {
        if (_byAddress.Count == 0 || KeyOf(address) is not { } key || !_byAddress.TryGetValue(key, out var entries))
        {
            return (0, 0);
        }
        long requests = 0, failures = 0;
        foreach (var e in entries)
        {
            if (!string.Equals(e.Cluster, cluster, StringComparison.Ordinal))
            {
                requests += e.Requests;
                failures += e.Failures;
            }
        }
        return (requests, failures);
    }
}
