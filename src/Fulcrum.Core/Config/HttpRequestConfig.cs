using System.Net;

namespace Fulcrum.Core.Config;

/// <summary>
/// <c>clusters.*.http-request</c>: the HTTP version Fulcrum asks the cluster's destinations for, and how strictly
/// (YARP's cluster <c>HttpRequest.Version</c> and <c>VersionPolicy</c>). Left out, YARP's defaults apply: version 2,
/// policy or-lower, i.e. h2 where TLS and ALPN offer it and HTTP/1.1 otherwise, so an <c>http://</c> destination is
/// spoken to in HTTP/1.1. Version 2 with exact (or or-higher) on an <c>http://</c> destination is h2c with prior
/// knowledge, what in-cluster gRPC servers usually speak.
/// </summary>
public sealed record HttpRequestConfig(Version Version, HttpVersionPolicy VersionPolicy)
{
    /// <summary>YARP's own defaults, written down so the docs say what a cluster gets without the setting.</summary>
    public static readonly HttpRequestConfig Default = new(HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower);

    /// <summary>The versions the setting accepts, in the config's spelling. HTTP/3 is not offered (see docs/configuration.md).</summary>
    public static IReadOnlyList<string> VersionNames { get; } = ["1.1", "2"];

    /// <summary>The policies in the config's spelling, in <see cref="HttpVersionPolicy"/> order.</summary>
    public static IReadOnlyList<string> PolicyNames { get; } = ["or-lower", "or-higher", "exact"];

    /// <summary>"1.1" or "2", as the config writes it.</summary>
    public static string VersionName(Version version) => version.Major >= 2 ? version.Major.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{version.Major}.{version.Minor}";

    public static string PolicyName(HttpVersionPolicy policy) => PolicyNames[(int)policy];

    /// <summary>Reads a version as written in the config ("2", "2.0", "1.1"); false for any other.</summary>
    public static bool TryParseVersion(string text, out Version version)
    {
        version = text switch
        {
            "1.1" => HttpVersion.Version11,
            "2" or "2.0" => HttpVersion.Version20,
            _ => HttpVersion.Unknown,
        };
        return version != HttpVersion.Unknown;
    }

    public static bool TryParsePolicy(string text, out HttpVersionPolicy policy)
    {
        var index = PolicyNames.ToList().IndexOf(text);
        policy = index >= 0 ? (HttpVersionPolicy)index : default;
        return index >= 0;
    }
}
