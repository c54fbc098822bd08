namespace Fulcrum.Core.Config;

/// <summary>One problem in a config file: where, which field, what is wrong and what is allowed.</summary>
/// <param name="Field">The setting's dotted path (<c>clusters.web.policy</c>); empty for problems with the file as a whole (YAML syntax).</param>
public sealed record ConfigError(SourceLocation Location, string Field, string Message)
{
    /// <summary><c>file:line:col: field: message</c> (without the field when there is none).</summary>
    public override string ToString() => Field.Length == 0 ? $"{Location}: {Message}" : $"{Location}: {Field}: {Message}";
}

/// <summary>Thrown when a config cannot be loaded; carries every error found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 1
            ? errors[0].ToString()
            : $"{errors.Count} errors:{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
