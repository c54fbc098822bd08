namespace Fulcrum.Hosting;

/// <summary>
/// A config source that takes new configs through the admin API (the executable's YAML gate): audit-gated apply and
/// rollback. An embedding app's config belongs to the app, so without a gate the admin API is read-only.
/// </summary>
internal interface IConfigGate
{
    ApplyResult TryApplyYaml(string yaml, string sourceName, ConfigTrigger trigger, bool force);

    ApplyResult Rollback();
}
