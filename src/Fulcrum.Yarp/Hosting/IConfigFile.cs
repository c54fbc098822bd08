namespace Fulcrum.Hosting;

/// <summary>
/// The YAML file a host serves its config from, when it has one (the <c>fulcrum</c> executable registers it). Optional:
/// an embedding app's config is not a file Fulcrum reads, so without this service the admin API does not compare
/// the serving config with a file on disk.
/// </summary>
internal interface IConfigFile
{
    /// <summary>Full path of the file.</summary>
    string Path { get; }
}

/// <summary>The default <see cref="IConfigFile"/>: a fixed path.</summary>
internal sealed class ConfigFile(string path) : IConfigFile
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);
}
