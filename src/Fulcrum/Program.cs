using Fulcrum.Cli;

namespace Fulcrum;

internal static class Program
{
    public static Task<int> Main(string[] args) => FulcrumCli.Create().Parse(args).InvokeAsync();
}
