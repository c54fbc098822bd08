using Fulcrum.Cli;

namespace Fulcrum;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var parse = FulcrumCli.Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The contract: bad usage exits 2 (System.CommandLine would return 1).
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }
            await Console.Error.WriteLineAsync("Run 'fulcrum --help' (or 'fulcrum COMMAND --help') for usage.");
            return ExitCodes.InvalidConfig;
        }
        return await parse.InvokeAsync();
    }
}
