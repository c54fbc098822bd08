using Fulcrum.Core.Config;

namespace Fulcrum.Proxy;

/// <summary>
/// <c>clusters.NAME.tls</c> files as cluster metadata, read back by <see cref="BackendHttpClientFactory"/>. The SNI
/// name is the destinations' Host instead (see <see cref="YarpConfigMapper"/>), and insecure YARP's own switch.
/// </summary>
internal static class BackendTlsMetadata
{
    public static readonly string[] Keys = [FulcrumMetadata.TlsCa, FulcrumMetadata.TlsClientCert, FulcrumMetadata.TlsClientKey];

    public static void Add(BackendTlsConfig? tls, Dictionary<string, string> metadata)
    {
        if (tls is null)
        {
            return;
        }
        AddIfSet(metadata, FulcrumMetadata.TlsCa, tls.Ca);
        AddIfSet(metadata, FulcrumMetadata.TlsClientCert, tls.ClientCert);
        AddIfSet(metadata, FulcrumMetadata.TlsClientKey, tls.ClientKey);
    }

    /// <summary>
    /// A metadata file path as the connection opens it: absolute as written, relative against
    /// <paramref name="baseDirectory"/> (the app's content root live, the settings file's folder for <c>fulcrum audit</c>;
    /// null: the current directory). Null when the text is no usable path.
    /// </summary>
    public static string? ResolvePath(string text, string? baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(text) || text.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return null;
        }
        return Path.GetFullPath(text, baseDirectory ?? Directory.GetCurrentDirectory());
    }

    private static void AddIfSet(Dictionary<string, string> metadata, string key, string? value)
    {
        if (value is not null)
        {
            metadata[key] = value;
        }
    }
}
