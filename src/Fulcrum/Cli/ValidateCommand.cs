using System.CommandLine;
using Fulcrum.Core.Config;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum validate</c>: parse and validate a config; print every error; exit 2 when invalid.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var config = CliOptions.Config();
        var command = new Command("validate", "Check a config file: print every error with file, line and column; exit 2 if invalid.") { config };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            return TryLoad(path, out var loaded) ? Valid(path, loaded!) : ExitCodes.InvalidConfig;
        });
        return command;
    }

    /// <summary>Loads a config or prints why it can't be (to stderr), for every command that reads one.</summary>
    public static bool TryLoad(string path, out FulcrumConfig? config)
    {
        config = null;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{Core.Text.SafeText.Escape(path)}: no such file");
            return false;
        }
        try
        {
            // A YARP app's appsettings.json is read as the app reads it; anything else is fulcrum.yaml.
            config = Settings.YarpSettingsFile.Handles(path) ? Settings.YarpSettingsFile.Load(path) : ConfigLoader.LoadFile(path);
            // What YARP would refuse (or only trip over at the first request) is invalid here too.
            Proxy.YarpRouteValidator.ThrowIfInvalid(config);
            return true;
        }
        catch (ConfigException e)
        {
            // The source lines under each error come from the same bounded read: a huge file is not read twice into memory.
            Console.Error.Write(ConfigErrorFormatter.Format(e.Errors, ConfigText.TryReadFile(path, ConfigLimits.Default, out _)));
            return false;
        }
    }

    private static int Valid(string path, FulcrumConfig config)
    {
        Console.WriteLine($"{Core.Text.SafeText.Escape(path)}: valid ({config.Routes.Count} route(s), {config.Clusters.Count} cluster(s))");
        return ExitCodes.Ok;
    }
}
