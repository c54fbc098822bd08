using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;

namespace Fulcrum.Fleet;

/// <summary>
/// One instance's whole report (every cluster's window counts, histograms included) as one <c>bytea</c>, the row
/// the fleet view reads per instance. 2,000 rows of 15 columns cost Npgsql ~5 ms of CPU and 0.5 MiB per view; 100
/// rows of one value cost a tenth of that, and the decoding below is ours (bench/RESULTS.md "fleet3").
/// Layout: a version byte, then per cluster its name, policy, judged-as (empty for none) and destinations in config
/// order, each: name, weight, flags (eligible, has capacity, has in-flight), capacity, effective weight, requests,
/// failures, in-flight, histogram (<see cref="LatencyPacking"/>).
/// </summary>
internal static class CountsPacking
{
    private const byte Version = 1;
    private const byte EligibleFlag = 1, CapacityFlag = 2, InFlightFlag = 4;

    public static byte[] Pack(IReadOnlyList<ClusterCounts> clusters)
    {
        var writer = new PackedWriter(64 + clusters.Sum(c => c.Destinations.Count) * 120);
        writer.Byte(Version);
        writer.Varint((ulong)clusters.Count);
        foreach (var cluster in clusters)
        {
            writer.String(cluster.Cluster);
            writer.String(cluster.Policy);
            writer.String(cluster.JudgedAs is { } kind ? Policies.Name(kind) : "");
            writer.Varint((ulong)cluster.Destinations.Count);
            foreach (var destination in cluster.Destinations)
            {
                var w = destination.Window;
                writer.String(w.Name);
                writer.Signed(w.Weight);
                writer.Byte((byte)((w.Eligible ? EligibleFlag : 0) | (w.Capacity is null ? 0 : CapacityFlag) | (w.AverageInFlight is null ? 0 : InFlightFlag)));
                if (w.Capacity is { } capacity)
                {
                    writer.Double(capacity);
                }
                writer.Double(w.EffectiveWeight);
                writer.Signed(w.Requests);
                writer.Signed(w.Failures);
                if (w.AverageInFlight is { } inFlight)
                {
                    writer.Double(inFlight);
                }
                LatencyPacking.Write(writer, destination.Latency);
            }
        }
        return writer.ToArray();
    }

    /// <summary>The clusters <paramref name="instance"/> packed, in its order; malformed input is refused (<see cref="FormatException"/>).</summary>
    public static IReadOnlyList<ClusterCounts> Unpack(string instance, ReadOnlySpan<byte> packed)
    {
        var reader = new PackedReader(packed);
        if (reader.Byte() is var version and not Version)
        {
            throw new FormatException($"packed counts of {instance} are of version {version}; this version of fulcrum reads {Version}");
        }
        var clusters = new ClusterCounts[reader.Count()];
        for (var c = 0; c < clusters.Length; c++)
        {
            var name = reader.String();
            var policy = reader.String();
            var judged = reader.String();
            var destinations = new DestinationCounts[reader.Count()];
            for (var d = 0; d < destinations.Length; d++)
            {
                var destination = reader.String();
                var weight = reader.Signed();
                if (weight is < int.MinValue or > int.MaxValue)
                {
                    throw new FormatException($"packed counts of {instance} hold a weight of {weight}");
                }
                var flags = reader.Byte();
                double? capacity = (flags & CapacityFlag) != 0 ? reader.Double() : null;
                var effective = reader.Double();
                var requests = reader.Signed();
                var failures = reader.Signed();
                double? inFlight = (flags & InFlightFlag) != 0 ? reader.Double() : null;
                var latency = LatencyPacking.Read(ref reader, LatencyBuckets.Count);
                destinations[d] = new DestinationCounts(
                    new DestinationWindow(destination, (int)weight, (flags & EligibleFlag) != 0, capacity, effective, requests, failures,
                        LatencyBuckets.Quantile(latency, 0.50), LatencyBuckets.Quantile(latency, 0.99), inFlight),
                    latency);
            }
            clusters[c] = new ClusterCounts(instance, name, policy, destinations,
                judged.Length > 0 && Policies.TryParse(judged, out var kind) ? kind : null);
        }
        if (!reader.AtEnd)
        {
            throw new FormatException($"packed counts of {instance} have bytes past their last cluster");
        }
        return clusters;
    }
}
