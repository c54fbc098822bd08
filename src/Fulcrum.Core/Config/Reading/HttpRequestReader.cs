using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>clusters.NAME.http-request: { version, version-policy }</c>; each left out keeps YARP's default.</summary>
internal static class HttpRequestReader
{
    public static HttpRequestConfig? Read(MapReader cluster)
    {
        if (cluster.Section("http-request", ConfigKeys.HttpRequest) is not { } map)
        {
            return null;
        }
        var allowed = string.Join(", ", HttpRequestConfig.VersionNames);
        var version = HttpRequestConfig.Default.Version;
        if (map.String("version", $"one of {allowed}") is { } text && !HttpRequestConfig.TryParseVersion(text, out version))
        {
            // HTTP/3 is a likely wish; say why it is refused rather than only that it is.
            var why = text is "3" or "3.0"
                ? "HTTP/3 to destinations is not offered (it needs QUIC, which this build does not ship); "
                : "";
            map.Fail("version", $"{SafeText.Quote(text)} is not allowed; {why}allowed: {allowed} (2 with version-policy: exact is h2c on http:// destinations)");
            version = HttpRequestConfig.Default.Version;
        }
        var policy = HttpRequestConfig.Default.VersionPolicy;
        if (map.Choice("version-policy", HttpRequestConfig.PolicyNames) is { } word)
        {
            HttpRequestConfig.TryParsePolicy(word, out policy);
        }
        return new HttpRequestConfig(version, policy);
    }
}
