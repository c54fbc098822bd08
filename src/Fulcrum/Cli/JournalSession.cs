using Fulcrum.Core.Config;
using Fulcrum.Incidents;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>An opened journal with the config that named it and the incident window to report on.</summary>
internal sealed record JournalSession(string ConfigPath, FulcrumConfig Config, EventJournal Journal, IncidentWindow Window) : IDisposable
{
    public void Dispose() => Journal.Dispose();
}
