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
        try
        {
            // System.CommandLine's own handler would print the exception and exit 1, the code of "audit refused".
            return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            // Unexpected: a bug or an environment Fulcrum did not foresee. A runtime code (systemd restarts on it),
            // one line that says what failed, then the details for the bug report.
            await Console.Error.WriteLineAsync($"fulcrum: unexpected failure (exit {ExitCodes.UnexpectedFailure}): {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync(e.ToString());
            return ExitCodes.UnexpectedFailure;
        }
    }
}
