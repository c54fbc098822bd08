using System.IO.Compression;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Deploy;

/// <summary>
/// The <c>dotnet tool</c> install of docs/operations.md, run as written: <c>dotnet pack</c> builds the tool package
/// into a temp folder, <c>dotnet tool install --tool-path</c> installs it from there alone (a NuGet config that lists
/// only that folder: nothing comes from the network), and the installed <c>fulcrum</c> validates the sample config
/// and refuses a broken one with exit code 2. The pack builds into its own artifacts folder, so it never touches
/// the bin and obj folders other tests run from. Slow (a full build), so it runs once in one test.
/// </summary>
public sealed class ToolPackageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Packed_tool_installs_offline_from_the_local_package_and_validates_a_config()
    {
        var work = Directory.CreateTempSubdirectory("fulcrum-tool-").FullName;
        var packages = Path.Combine(work, "nupkg");
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

        var packed = await ExternalTool.RunAsync(dotnet,
            ["pack", Path.Combine(RepositoryRoot.Path, "src", "Fulcrum"), "-c", "Release", "-o", packages, "--artifacts-path", Path.Combine(work, "artifacts"), "-nologo"],
            RepositoryRoot.Path, TimeSpan.FromMinutes(15));
        output.WriteLine(packed.Output);
        Assert.True(packed.ExitCode == 0, packed.Output);
        var package = Assert.Single(Directory.GetFiles(packages, "*.nupkg"));
        Assert.StartsWith("fulcrum.", Path.GetFileName(package), StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead(package))
        {
            // A framework-dependent tool: the command's settings and fulcrum.dll, no bundled runtime.
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/any/DotnetToolSettings.xml", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("/any/fulcrum.dll", StringComparison.Ordinal));
            Assert.DoesNotContain(zip.Entries, e => e.Name == "System.Private.CoreLib.dll");
        }

        var config = Path.Combine(work, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(work, "tools");
        var installed = await ExternalTool.RunAsync(dotnet,
            ["tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "fulcrum"], work, TimeSpan.FromMinutes(5));
        output.WriteLine(installed.Output);
        Assert.True(installed.ExitCode == 0, installed.Output);

        var fulcrum = Path.Combine(tools, "fulcrum");
        var valid = await ExternalTool.RunAsync(fulcrum, ["validate", "-c", Path.Combine(RepositoryRoot.Path, "samples", "fulcrum.yaml")], work);
        output.WriteLine(valid.Output);
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.Contains("valid (", valid.Output, StringComparison.Ordinal);

        var broken = Path.Combine(work, "broken.yaml");
        await File.WriteAllTextAsync(broken, "routes: [{ name: all, match: { path: \"/{**rest}\" }, cluster: nowhere }]\n");
        var invalid = await ExternalTool.RunAsync(fulcrum, ["validate", "-c", broken], work);
        output.WriteLine(invalid.Output);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("broken.yaml:1:", invalid.Output, StringComparison.Ordinal);
    }
}
