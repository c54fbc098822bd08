using Fulcrum.Core.Config;

namespace Fulcrum.Hosting;

/// <summary>
/// What a config source knows about a YARP config it publishes beyond YARP's own model: the Fulcrum config it came
/// from, its text (kept in the journal for rollback), why it changed and what the audit said. The executable's
/// YAML gate attaches one to each config it hands YARP; a config without one is an embedding app's.
/// </summary>
internal interface IConfigOrigin
{
    FulcrumConfig Config { get; }

    string Text { get; }

    ConfigTrigger Trigger { get; }

    ApplyResult Result { get; }
}
