namespace Fulcrum.Core.Audit;

/// <summary>
/// Builds <see cref="Config.SourceMap"/> keys (see SourceMap.cs for the format), so rules name settings the way
/// the file spells them and never hand-assemble dotted strings.
/// </summary>
internal static class SettingKeys
{
    public static string Cluster(string cluster) => $"clusters.{cluster}";

    public static string Cluster(string cluster, string setting) => $"clusters.{cluster}.{setting}";

    public static string Destinations(string cluster) => $"clusters.{cluster}.destinations";

    public static string Destination(string cluster, string destination) => $"clusters.{cluster}.destinations.{destination}";

    public static string Destination(string cluster, string destination, string setting) =>
        $"clusters.{cluster}.destinations.{destination}.{setting}";

    public static string Route(int index, string setting) => $"routes[{index}].{setting}";

    public static string Fairness(string setting) => $"fairness.{setting}";
}
