using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

public class ConfigErrorFormatterTests
{
    [Fact]
    public void Error_prints_as_file_line_col_field_message()
    {
        var error = new ConfigError(new SourceLocation("f.yaml", 3, 7), "clusters.web.policy", "bad");

        Assert.Equal("f.yaml:3:7: clusters.web.policy: bad", error.ToString());
        Assert.Equal("f.yaml:1:2: broken", (error with { Location = new("f.yaml", 1, 2), Field = "", Message = "broken" }).ToString());
    }

    [Fact]
    public void Formats_every_error_with_its_source_line_and_a_caret()
    {
        const string yaml = """
            routes: []
            clusters:
              web: { policy: fastest }
            """;
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "f.yaml"));

        var text = ConfigErrorFormatter.Format(ex.Errors, yaml);

        var lines = text.Split('\n');
        Assert.StartsWith("f.yaml:1:9: routes: no routes", lines[0], StringComparison.Ordinal);
        Assert.Equal("    routes: []", lines[1]);
        Assert.Equal("            ^", lines[2]);
        Assert.StartsWith("f.yaml:3:3: clusters.web.destinations: 'destinations' is required", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("f.yaml:3:18: clusters.web.policy: 'fastest' is not allowed", lines[6], StringComparison.Ordinal);
        Assert.Equal("                     ^", lines[8]);
        Assert.Equal("3 errors", lines[9]);
        Assert.Equal(3, ex.Errors.Count);
    }

    [Fact]
    public void Without_source_prints_one_line_per_error()
    {
        var errors = new[]
        {
            new ConfigError(new SourceLocation("f.yaml", 1, 1), "a", "x"),
        };

        Assert.Equal("f.yaml:1:1: a: x\n1 error\n", ConfigErrorFormatter.Format(errors));
    }
}
