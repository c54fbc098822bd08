using Fulcrum.Core.Config.Reading;
using Fulcrum.Core.Config.Yaml;

namespace Fulcrum.Core.Config;

/// <summary>
/// The frame every loader (config, settings, scenario) runs in. Its last line of defence turns whatever a reader
/// throws besides <see cref="ConfigException"/> into one document-level error: a bug in a reader must cost the
/// caller one failed load, not the process (audit, reload and validate all load untrusted text). Every known
/// cause is fixed at its source.
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

    /// <summary>
    /// Reads <paramref name="text"/> within <paramref name="limits"/>, lets <paramref name="readDocument"/> turn the
    /// root node (null when the text is empty) into a result, checks cross-references, and throws every error found.
    /// </summary>
    public static T ReadDocument<T>(string text, string fileName, ConfigLimits limits, string what, Func<ReadContext, ConfigNode?, T> readDocument)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(limits);
        return Run(fileName, "", what, () =>
        {
            var ctx = new ReadContext(fileName, limits);
            var root = YamlTreeReader.Read(text, fileName, ctx.Errors, limits);
            if (ctx.Errors.Count > 0)
            {
                throw new ConfigException(ctx.Errors);
            }
            var result = readDocument(ctx, root is ScalarNode { IsNull: true } ? null : root);
            CrossReferenceValidator.Validate(ctx);
            if (ctx.Errors.Count > 0)
            {
                throw new ConfigException(ctx.SortedErrors());
            }
            return result;
        });
    }
}
