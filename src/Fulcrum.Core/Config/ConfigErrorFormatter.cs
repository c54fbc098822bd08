using System.Text;

namespace Fulcrum.Core.Config;

/// <summary>Prints config errors for people: one <c>file:line:col: field: message</c> per error, optionally with the offending line and a caret.</summary>
public static class ConfigErrorFormatter
{
    /// <summary>
    /// All errors, one per line, followed by a count. With <paramref name="sourceText"/> (the YAML that was
    /// loaded) each error also shows its line of the file with a caret under the column.
    /// </summary>
    public static string Format(IReadOnlyList<ConfigError> errors, string? sourceText = null)
    {
        var lines = sourceText?.ReplaceLineEndings("\n").Split('\n');
        var text = new StringBuilder();
        foreach (var error in errors)
        {
            text.Append(error).Append('\n');
            var index = error.Location.Line - 1;
            if (lines is not null && index >= 0 && index < lines.Length)
            {
                var line = lines[index].Replace('\t', ' ');
                text.Append("    ").Append(line).Append('\n');
                text.Append("    ").Append(' ', Math.Clamp(error.Location.Column - 1, 0, line.Length)).Append("^\n");
            }
        }
        text.Append(errors.Count == 1 ? "1 error" : $"{errors.Count} errors").Append('\n');
        return text.ToString();
    }
}
