using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Fulcrum.Tests.Deploy;

/// <summary>
/// The Dockerfile cannot be built where the tests run (no Docker daemon, no container registry), so what can be
/// checked without building it is checked here: it publishes with the repository's own publish profile, copies the
/// file that profile produces, and runs it with the default config path of docs/operations.md.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(RepositoryRoot.Combine("Dockerfile"));

    [Fact]
    public void Publishes_the_project_with_the_release_profile_that_exists()
    {
        var publish = Publish().Match(Dockerfile);
        Assert.True(publish.Success, "no `dotnet publish <project> -p:PublishProfile=<name> -o <dir>` in the Dockerfile");
        Assert.True(Directory.Exists(RepositoryRoot.Combine(publish.Groups["project"].Value)), publish.Groups["project"].Value);
        var profile = RepositoryRoot.Combine(publish.Groups["project"].Value, "Properties", "PublishProfiles", publish.Groups["profile"].Value + ".pubxml");
        Assert.True(File.Exists(profile), profile);

        var properties = XDocument.Load(profile).Descendants().ToDictionary(e => e.Name.LocalName, e => e.Value);
        Assert.Equal("linux-x64", properties["RuntimeIdentifier"]);
        Assert.Equal("true", properties["SelfContained"]);
        Assert.Equal("true", properties["PublishSingleFile"]);
        // The chiseled runtime-deps image has no ICU: the app must not need it.
        var build = File.ReadAllText(RepositoryRoot.Combine("Directory.Build.props"));
        Assert.Contains("<InvariantGlobalization>true</InvariantGlobalization>", build, StringComparison.Ordinal);
    }

    [Fact]
    public void Copies_the_single_file_the_publish_produces_and_runs_it()
    {
        var output = Publish().Match(Dockerfile).Groups["output"].Value;
        var project = XDocument.Load(RepositoryRoot.Combine("src", "Fulcrum", "Fulcrum.csproj"));
        var assembly = project.Descendants("AssemblyName").Single().Value;

        Assert.Contains($"COPY --from=build {output}/{assembly} /usr/local/bin/{assembly}", Dockerfile, StringComparison.Ordinal);
        Assert.Contains($"ENTRYPOINT [\"/usr/local/bin/{assembly}\"]", Dockerfile, StringComparison.Ordinal);
        Assert.Contains("CMD [\"run\", \"-c\", \"/etc/fulcrum/fulcrum.yaml\"]", Dockerfile, StringComparison.Ordinal);
        // The build context leaves out build outputs and the test tools.
        var ignored = File.ReadAllLines(RepositoryRoot.Combine(".dockerignore"));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+) -p:PublishProfile=(?<profile>\S+) -o (?<output>\S+)")]
    private static partial Regex Publish();
}
