using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
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
        // Three packages (docs/operations.md): `fulcrum` only points at the other two; `fulcrum.linux-x64` is precompiled
        // (ReadyToRun) for linux-x64; `fulcrum.any` is plain IL for every other platform. Both are framework-dependent.
        var names = Directory.GetFiles(packages, "*.nupkg").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, names.Length);
        Assert.StartsWith("fulcrum.1", names[0], StringComparison.Ordinal);
        Assert.StartsWith("fulcrum.any.", names[1], StringComparison.Ordinal);
        Assert.StartsWith("fulcrum.linux-x64.", names[2], StringComparison.Ordinal);
        Assert.False(IsReadyToRun(ToolDll(Path.Combine(packages, names[1]), "any")), "fulcrum.any must stay plain IL");
        Assert.True(IsReadyToRun(ToolDll(Path.Combine(packages, names[2]), "linux-x64")), "fulcrum.linux-x64 must be precompiled");

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
        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            // On linux-x64 the install picked the precompiled package.
            var dll = Assert.Single(Directory.GetFiles(Path.Combine(tools, ".store"), "fulcrum.dll", SearchOption.AllDirectories));
            Assert.Contains($"{Path.DirectorySeparatorChar}linux-x64{Path.DirectorySeparatorChar}", dll, StringComparison.Ordinal);
            Assert.True(IsReadyToRun(await File.ReadAllBytesAsync(dll)));
        }
    }

    // The command's settings and fulcrum.dll of one package, and no bundled runtime (a framework-dependent tool).
    private static byte[] ToolDll(string package, string rid)
    {
        using var zip = ZipFile.OpenRead(package);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"/{rid}/DotnetToolSettings.xml", StringComparison.Ordinal));
        Assert.DoesNotContain(zip.Entries, e => e.Name == "System.Private.CoreLib.dll");
        var entry = Assert.Single(zip.Entries, e => e.FullName.EndsWith($"/{rid}/fulcrum.dll", StringComparison.Ordinal));
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    // crossgen2 output carries a managed native header (the ReadyToRun header) in its CLI header; plain IL has none.
    private static bool IsReadyToRun(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
