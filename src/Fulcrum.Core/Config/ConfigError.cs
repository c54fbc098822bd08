using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config;

/// <summary>
/// One problem in a config file: where, which field, what is wrong and what is allowed. The field and message are
/// made safe on the way in (control characters escaped, length bounded), whoever built them, because they end up
/// on terminals, in logs and in the journal.
/// </summary>
/// <param name="Field">The setting's dotted path (<c>clusters.web.policy</c>); empty for problems with the file as a whole (YAML syntax).</param>
public sealed record ConfigError(SourceLocation Location, string Field, string Message)
{
    /// <summary>Longest field path kept: two names of <see cref="ConfigLimits.MaxNameLength"/> and the keys around them.</summary>
    public const int MaxFieldLength = 1024;

    /// <summary>Longest message kept; messages quote values through <see cref="SafeText.Quote"/>, so this only cuts runaway lists.</summary>
    public const int MaxMessageLength = 2048;

    private readonly string _field = SafeText.Bound(Field, MaxFieldLength);
    private readonly string _message = SafeText.Bound(Message, MaxMessageLength);

    /// <summary>The setting's dotted path, escaped and bounded.</summary>
    public string Field { get => _field; init => _field = SafeText.Bound(value, MaxFieldLength); }

    /// <summary>What is wrong and what is allowed, escaped and bounded.</summary>
    public string Message { get => _message; init => _message = SafeText.Bound(value, MaxMessageLength); }

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
