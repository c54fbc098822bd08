namespace Fulcrum.Tests.EndToEnd;

/// <summary>Config templates for end-to-end tests: port 0 everywhere, journal in the test's folder.</summary>
internal static class Configs
{
    public static string OneCluster(string policy, string destinations, string extra = "", string clusterExtra = "") =>
        string.Join("\n",
            "listen: [http://127.0.0.1:0]",
            "admin:",
            "  listen: http://127.0.0.1:0",
            "routes:",
            "  - name: all",
            "    match: { path: \"/{**rest}\" }",
            "    cluster: web",
            "clusters:",
            "  web:",
            $"    policy: {policy}",
            "    destinations:",
            Indent(destinations, 6),
            Indent(clusterExtra, 4),
            "journal: { path: \"{folder}/journal.db\" }",
            extra);

    public static string Weighted(string policy, params int[] weights) =>
        OneCluster(policy, string.Join("\n", weights.Select((w, i) => $"{(char)('a' + i)}: {{ address: \"{{{(char)('a' + i)}}}\", weight: {w} }}")));

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : pad + line));
    }
}
