namespace Fulcrum.Tests.Cli;

/// <summary>A temporary folder holding a copy of samples/fulcrum.yaml (and whatever a test writes next to it).</summary>
internal sealed class CliTempDir : IDisposable
{
    private const string Web2 = "web-2: { address: http://127.0.0.1:9002";
    private const string Web2OnWeb1 = "web-2: { address: http://127.0.0.1:9001";

    public CliTempDir()
    {
        Folder = Directory.CreateTempSubdirectory("fulcrum-cli-test-").FullName;
        File.Copy(CliRunner.RepoFile("samples/fulcrum.yaml"), SamplePath);
    }

    public string Folder { get; }

    public string SamplePath => Path.Combine(Folder, "fulcrum.yaml");

    public string SampleText => File.ReadAllText(SamplePath);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> in the folder; returns the full path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The sample with one exact piece of text replaced (which must be there, so a changed sample fails loudly).</summary>
    public string WriteSampleVariant(string name, string find, string replace)
    {
        Assert.Contains(find, SampleText, StringComparison.Ordinal);
        return Write(name, SampleText.Replace(find, replace, StringComparison.Ordinal));
    }

    /// <summary>The sample with web-2 on web-1's address: FUL001, an error, on web-2's line.</summary>
    public string WriteDuplicateAddress(string name = "dup.yaml") => WriteSampleVariant(name, Web2, Web2OnWeb1);

    public string DuplicateAddressText => SampleText.Replace(Web2, Web2OnWeb1, StringComparison.Ordinal);

    public Task<CliRunner.Result> RunAsync(params string[] args) => CliRunner.RunAsync(Folder, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A journal still closing; the OS temp cleaner gets it later.
        }
    }
}
