using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Bad input never crashes the loader: whatever the text, it either loads or throws <see cref="ConfigException"/> with located errors.</summary>
public class LoaderRobustnessTests
{
    private static readonly string Sample = File.ReadAllText(RepoFiles.Find("samples/fulcrum.yaml"));

    [Fact]
    public void Every_truncation_of_the_sample_loads_or_fails_cleanly()
    {
        for (var length = 0; length < Sample.Length; length += 3)
        {
            AssertLoadsOrFailsCleanly(Sample[..length], $"truncated at {length}");
        }
    }

    [Fact]
    public void Deleting_any_line_of_the_sample_loads_or_fails_cleanly()
    {
        var lines = Sample.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            AssertLoadsOrFailsCleanly(string.Join('\n', lines.Where((_, j) => j != i)), $"line {i + 1} deleted");
        }
    }

    [Theory]
    [InlineData('{')]
    [InlineData('[')]
    [InlineData('"')]
    [InlineData(':')]
    [InlineData('\t')]
    [InlineData('-')]
    [InlineData('&')]
    [InlineData('*')]
    public void Inserting_a_stray_character_anywhere_loads_or_fails_cleanly(char stray)
    {
        for (var at = 0; at < Sample.Length; at += 7)
        {
            AssertLoadsOrFailsCleanly(Sample.Insert(at, stray.ToString()), $"'{stray}' inserted at {at}");
        }
    }

    [Theory]
    [InlineData("routes: 5\nclusters: 6")]
    [InlineData("routes: [[], 1, {}]\nclusters: { web: [] }")]
    [InlineData("routes: [ { name: [a], match: x, cluster: {} } ]\nclusters: { web: { destinations: [a] } }")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("a: *missing")]
    [InlineData("a: &x { b: *x }")]
    [InlineData("<<: 5\nroutes: []")]
    [InlineData("clusters: { web: { destinations: { a: { address: http://x, weight: 99999999999 } } } }")]
    [InlineData("\uFEFFroutes: []")]
    [InlineData("%YAML 1.2\n---\nroutes: []")]
    public void Odd_documents_fail_cleanly(string yaml)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "odd.yaml"));
        Assert.All(ex.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1, e.ToString()));
    }

    private static void AssertLoadsOrFailsCleanly(string yaml, string what)
    {
        try
        {
            ConfigLoader.Parse(yaml, "fuzz.yaml", "/tmp");
        }
        catch (ConfigException ex)
        {
            Assert.True(ex.Errors.Count > 0, what);
            Assert.All(ex.Errors, e => Assert.True(e.Location.Line >= 1 && e.Location.Column >= 1 && e.Message.Length > 0, $"{what}: {e}"));
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }
}
