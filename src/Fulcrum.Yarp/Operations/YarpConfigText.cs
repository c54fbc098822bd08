using System.Text.Json;
using System.Text.Json.Serialization;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Operations;

/// <summary>
/// An embedding app's YARP config as text (<c>{"routes": [...], "clusters": [...]}</c>, YARP's own property names):
/// what the journal diffs and the serving config's hash is taken of. Source-generated, so it works under Native AOT.
/// </summary>
internal sealed record YarpConfigText(
    [property: JsonPropertyName("routes")] IEnumerable<RouteConfig> Routes,
    [property: JsonPropertyName("clusters")] IEnumerable<ClusterConfig> Clusters)
{
    public static string Serialize(IReadOnlyList<IProxyConfig> proxyConfigs) => JsonSerializer.Serialize(
        new YarpConfigText(proxyConfigs.SelectMany(c => c.Routes), proxyConfigs.SelectMany(c => c.Clusters)),
        YarpConfigJson.Default.YarpConfigText);
}

[JsonSerializable(typeof(YarpConfigText))]
internal sealed partial class YarpConfigJson : JsonSerializerContext;
