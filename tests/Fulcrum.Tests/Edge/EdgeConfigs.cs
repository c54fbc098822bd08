using Fulcrum.Tests.EndToEnd;

namespace Fulcrum.Tests.Edge;

/// <summary>The end-to-end config with its plain listener replaced by <paramref name="listen"/> (a YAML block).</summary>
internal static class EdgeConfigs
{
    public static string WithListen(string listen, string backend, string extra = "") =>
        Configs.OneCluster("round-robin", $"a: {{ address: \"{backend}\" }}", extra)
            .Replace("listen: [http://127.0.0.1:0]", listen, StringComparison.Ordinal);

    /// <summary>An https listener on a free port serving shop.example and api.example from PEM files in <paramref name="pki"/>'s folder.</summary>
    public static string TwoSiteTls(TestPki pki, bool http2) => string.Join("\n",
        "listen:",
        "  - url: https://127.0.0.1:0",
        $"    http2: {(http2 ? "true" : "false")}",
        "    tls:",
        "      certificates:",
        $"        - {{ cert: \"{pki.CertPath("shop")}\", key: \"{pki.KeyPath("shop")}\", hosts: [shop.example] }}",
        $"        - {{ cert: \"{pki.CertPath("api")}\", key: \"{pki.KeyPath("api")}\", hosts: [api.example, \"*.api.example\"] }}");
}
