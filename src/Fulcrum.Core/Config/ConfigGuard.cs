namespace Fulcrum.Core.Config;

/// <summary>
/// The last line of defence of every loader (config, settings, scenario): whatever a reader throws besides
/// <see cref="ConfigException"/> becomes one document-level error. A bug in a reader must cost the caller one failed
/// load, not the process (audit, reload and validate all load untrusted text). Every known cause is fixed at its source.
/// </summary>
internal static class ConfigGuard
{
    public static T Run<T>(string fileName, string field, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not ConfigException)
        {
            throw new ConfigException([new ConfigError(new SourceLocation(fileName, 1, 1), field,
                $"the {what} could not be read because of an internal error ({ex.GetType().Name}: {ex.Message}); please report it with the file")]);
        }
    }
}
