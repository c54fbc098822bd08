using System.Text;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config;

/// <summary>Prints config errors for people: one <c>file:line:col: field: message</c> per error, optionally with the offending line and a caret.</summary>
public static class ConfigErrorFormatter
{
    /// <summary>How much of the offending line is shown before and after the column: a minified file can be one 4 MiB line.</summary>
    private const int ContextBefore = 80;
    private const int ContextAfter = 120;

    /// <summary>
    /// All errors, one per line, followed by a count. With <paramref name="sourceText"/> (the YAML that was
    /// loaded) each error also shows its line of the file with a caret under the column. The line is escaped
    /// like every quoted value (<see cref="SafeText.Escape"/>) and cut around the column when long.
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
                var column = Math.Clamp(error.Location.Column - 1, 0, line.Length);
                var before = SafeText.Escape(line[..column]);
                var after = SafeText.Escape(line[column..]);
                if (before.Length > ContextBefore)
                {
                    var from = before.Length - ContextBefore;
                    before = "…" + before[(char.IsLowSurrogate(before[from]) ? from + 1 : from)..];
                }
                if (after.Length > ContextAfter)
                {
                    after = after[..(char.IsHighSurrogate(after[ContextAfter - 1]) ? ContextAfter - 1 : ContextAfter)] + "…";
                }
                text.Append("    ").Append(before).Append(after).Append('\n');
                text.Append("    ").Append(' ', before.Length).Append("^\n");
            }
        }
        text.Append(errors.Count == 1 ? "1 error" : $"{errors.Count} errors").Append('\n');
        return text.ToString();
    }
}
