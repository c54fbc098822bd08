using Fulcrum.Core.Config.Diff;

namespace Fulcrum.Core.Config;

/// <summary>
/// What changed between two configs, as lines a person reads in the journal:
/// <c>clusters.web.policy: round-robin → maglev</c>, <c>clusters.web: destination d added</c>, <c>routes: api removed</c>.
/// A removed or added thing is one change; its settings are not listed one by one.
/// </summary>
public static class ConfigDiff
{
    public static IReadOnlyList<ConfigChange> Compare(FulcrumConfig before, FulcrumConfig after)
    {
        var unchanged = UnchangedDestinations(before, after);
        var old = ConfigFlattener.Flatten(before, unchanged).ToList();
        var now = ConfigFlattener.Flatten(after, unchanged).ToList();
        var oldEntities = old.OfType<FlatEntity>().ToDictionary(e => e.Path, StringComparer.Ordinal);
        var newEntities = now.OfType<FlatEntity>().ToDictionary(e => e.Path, StringComparer.Ordinal);
        var changes = new List<ConfigChange>();
        var gone = oldEntities.Keys.Where(p => !newEntities.ContainsKey(p)).ToList();
        var came = newEntities.Keys.Where(p => !oldEntities.ContainsKey(p)).ToList();

        changes.AddRange(gone.Where(p => !IsUnderAny(p, gone)).Select(p => Entity(ConfigChangeKind.Removed, oldEntities[p])));
        var oldSettings = old.OfType<FlatSetting>().ToDictionary(s => s.Path, s => s.Value, StringComparer.Ordinal);
        foreach (var setting in now.OfType<FlatSetting>())
        {
            if (IsUnderAny(setting.Path, came) || !oldSettings.TryGetValue(setting.Path, out var was) || was == setting.Value)
            {
                continue;
            }
            changes.Add(new ConfigChange(ConfigChangeKind.Changed, setting.Path, was, setting.Value, $"{setting.Path}: {was} → {setting.Value}"));
        }
        changes.AddRange(came.Where(p => !IsUnderAny(p, came)).Select(p => Entity(ConfigChangeKind.Added, newEntities[p])));
        changes.AddRange(DestinationOrder(before, after));
        return changes;
    }

    /// <summary>
    /// Destinations kept as they were in a cluster of both configs: they cannot differ, so they are not flattened
    /// (a weight change in a 1,000-destination cluster then diffs one destination's settings, not 2 × 4,000).
    /// </summary>
    private static HashSet<(string, string)> UnchangedDestinations(FulcrumConfig before, FulcrumConfig after)
    {
        var unchanged = new HashSet<(string, string)>();
        foreach (var cluster in after.Clusters)
        {
            if (before.FindCluster(cluster.Name) is not { } previous)
            {
                continue;
            }
            var was = new Dictionary<string, DestinationConfig>(previous.Destinations.Count, StringComparer.Ordinal);
            foreach (var destination in previous.Destinations)
            {
                was.TryAdd(destination.Name, destination);
            }
            foreach (var destination in cluster.Destinations)
            {
                if (was.TryGetValue(destination.Name, out var old) && ConfigFlattener.SameDestination(old, destination))
                {
                    unchanged.Add((cluster.Name, destination.Name));
                }
            }
        }
        return unchanged;
    }

    private static ConfigChange Entity(ConfigChangeKind kind, FlatEntity entity)
    {
        var verb = kind == ConfigChangeKind.Added ? "added" : "removed";
        return new ConfigChange(kind, entity.Path,
            kind == ConfigChangeKind.Removed ? entity.Label : null,
            kind == ConfigChangeKind.Added ? entity.Label : null,
            $"{entity.Parent}: {entity.Label} {verb}");
    }

    /// <summary>True when <paramref name="path"/> lies strictly inside one of <paramref name="roots"/>.</summary>
    private static bool IsUnderAny(string path, List<string> roots) =>
        roots.Any(root => path.Length > root.Length && path.StartsWith(root, StringComparison.Ordinal) && path[root.Length] is '.' or '[');

    /// <summary>first-available picks in file order, so the order of the destinations kept is a change of its own.</summary>
    private static IEnumerable<ConfigChange> DestinationOrder(FulcrumConfig before, FulcrumConfig after)
    {
        foreach (var cluster in after.Clusters)
        {
            if (before.FindCluster(cluster.Name) is not { } previous)
            {
                continue;
            }
            // Sets, not lists: a List.Contains here made this O(n²), a million compares per reload at 1,000 destinations.
            var kept = cluster.Destinations.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
            var oldOrder = previous.Destinations.Select(d => d.Name).Where(kept.Contains).ToList();
            var old = oldOrder.ToHashSet(StringComparer.Ordinal);
            var newOrder = cluster.Destinations.Select(d => d.Name).Where(old.Contains).ToList();
            if (!oldOrder.SequenceEqual(newOrder))
            {
                var path = $"clusters.{cluster.Name}";
                var was = string.Join(", ", oldOrder);
                var now = string.Join(", ", newOrder);
                yield return new ConfigChange(ConfigChangeKind.Reordered, $"{path}.destinations", was, now, $"{path}: destination order {was} → {now}");
            }
        }
    }
}
