using System.CommandLine;

namespace Fulcrum.Cli;

/// <summary>The <c>fulcrum</c> command tree.</summary>
internal static class FulcrumCli
{
    public static RootCommand Create() => new("Fulcrum: an HTTP load balancer that cannot silently play favorites.")
    {
        RunCommand.Create(),
        DemoCommand.Create(),
        ValidateCommand.Create(),
        BackendCommand.Create(),
        AuditCommand.Create(),
        RulesCommand.Create(),
        SimulateCommand.Create(),
        TimelineCommand.Create(),
        PostmortemCommand.Create(),
        JournalVacuumCommand.Create(),
        RollbackCommand.Create(),
        AckCommand.Create(),
        ConfigPushCommand.Create(),
    };
}
