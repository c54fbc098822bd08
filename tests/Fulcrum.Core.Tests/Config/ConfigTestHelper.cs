using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Loads YAML from tests and finds the errors they expect.</summary>
internal static class ConfigTestHelper
{
    public const string FileName = "test.yaml";

    /// <summary>A small valid config; tests append or replace parts of it.</summary>
    public const string Minimal = """
        routes:
          - name: web
            match: { path: "/{**rest}" }
            cluster: web
        clusters:
          web:
            destinations:
              a: { address: http://127.0.0.1:9001 }
        """;

    /// <summary>
    /// A config with one route to cluster "web" whose settings are <paramref name="body"/>, indented into place:
    /// body line N is file line N + 4 and body column C is file column C + 4.
    /// </summary>
    public static string WithCluster(string body) =>
        "routes:\n  - { name: web, match: { path: \"/{**rest}\" }, cluster: web }\nclusters:\n  web:\n"
        + string.Join("\n", body.Split('\n').Select(line => "    " + line));

    public static FulcrumConfig Load(string yaml) => ConfigLoader.Parse(yaml, FileName, "/srv/fulcrum");

    public static IReadOnlyList<ConfigError> Errors(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => Load(yaml));
        Assert.NotEmpty(ex.Errors);
        return ex.Errors;
    }

    /// <summary>The one error about <paramref name="field"/>; fails when there is none or more than one.</summary>
    public static ConfigError ErrorFor(string yaml, string field)
    {
        var errors = Errors(yaml);
        var matching = errors.Where(e => e.Field == field).ToList();
        Assert.True(matching.Count == 1, $"expected one error for {field}, got:\n{string.Join("\n", errors)}");
        return matching[0];
    }

    /// <summary>Asserts the error's position and that its message contains every fragment.</summary>
    public static void AssertError(ConfigError error, int line, int column, params string[] fragments)
    {
        Assert.Equal(FileName, error.Location.File);
        Assert.True((line, column) == (error.Location.Line, error.Location.Column),
            $"expected {line}:{column}, got {error.Location.Line}:{error.Location.Column} for: {error}");
        foreach (var fragment in fragments)
        {
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"expected '{fragment}' in: {error}");
        }
    }
}
