namespace Fulcrum.Core.Config;

/// <summary>Loads and validates the YAML config contract. Throws <see cref="ConfigException"/> with every error found.</summary>
public static class ConfigLoader
{
    public static FulcrumConfig LoadFile(string path) => Parse(File.ReadAllText(path), path);

    public static FulcrumConfig Parse(string yaml, string fileName) =>
        throw new NotImplementedException($"config loading is not written yet ({fileName}, {yaml.Length} chars)");
}
