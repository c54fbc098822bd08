using Fulcrum.Core.Config;
using Fulcrum.Incidents;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>
/// An opened journal (this instance's file, or the fleet journal when the config has a <c>fleet</c> block) with the
/// config that named it, the incident window to report on, and where to find the config that was serving at a time.
/// </summary>
internal sealed record JournalSession(
    string ConfigPath,
    FulcrumConfig Config,
    IJournalReader Journal,
    Func<DateTimeOffset, CancellationToken, Task<ConfigRecord?>> ConfigAppliedBy,
    IncidentWindow Window,
    IAsyncDisposable Owner) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Owner.DisposeAsync();
}
