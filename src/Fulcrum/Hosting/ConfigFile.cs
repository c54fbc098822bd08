namespace Fulcrum.Hosting;

/// <summary>The <c>-c</c> file of <c>fulcrum run</c>, for the live audit's drift check; null when the config came with no file (the demo).</summary>
internal sealed record ConfigFile(string? Path) : IConfigFile
{
    public static ConfigFile For(FulcrumServerOptions options)
    {
        var path = options.ConfigPath ?? "fulcrum.yaml";
        return new ConfigFile(options.ConfigYaml is null || File.Exists(path) ? System.IO.Path.GetFullPath(path) : null);
    }
}
