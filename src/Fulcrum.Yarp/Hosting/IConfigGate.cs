namespace Fulcrum.Hosting;

/// <summary>
/// A config source that takes new configs through the admin API (the executable's YAML gate): audit-gated apply and
/// rollback. An embedding app's config belongs to the app, so without a gate the admin API is read-only.
/// </summary>
internal interface IConfigGate
{
    /// <summary>Parses, audits and applies <paramref name="yaml"/>; <paramref name="actor"/> (who posted it and why) is journaled with it.</summary>
    ApplyResult TryApplyYaml(string yaml, string sourceName, ConfigTrigger trigger, bool force, ConfigActor? actor = null);

    /// <summary>
    /// <see cref="TryApplyYaml"/> off the caller's thread (for request handlers: the audit and YARP's rebuild must not
    /// hold a pool thread or run at request priority), coalesced with other calls waiting to apply: the latest waiting
    /// config wins (the others complete <see cref="ApplyResult.Superseded"/>), identical ones share one apply.
    /// </summary>
    Task<ApplyResult> TryApplyYamlAsync(string yaml, string sourceName, ConfigTrigger trigger, bool force, ConfigActor? actor = null);

    /// <summary>Back to the last config that served cleanly; <paramref name="actor"/> (who asked and why) is journaled with it.</summary>
    ApplyResult Rollback(ConfigActor? actor = null);
}
