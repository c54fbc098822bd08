using System.Globalization;
using System.Text;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;

namespace Fulcrum.Operations;

/// <summary>
/// An applied config's audit findings as the journal keeps them (<c>config_history.audit</c>, see
/// <see cref="AuditReuse"/>): text, one finding per line:
/// rule, severity, line, column, file, message, separated by tabs, with <c>\</c>, tab and line breaks escaped. Not
/// JSON on purpose: reading them is on the way to the first request, and a serializer costs a restart more
/// first-call compilation than the simulation it saves.
/// </summary>
internal static class AuditText
{
    public static string Write(IReadOnlyList<AuditIssue> findings)
    {
        var text = new StringBuilder();
        foreach (var f in findings)
        {
            text.Append(Escape(f.RuleId)).Append('\t').Append(Escape(f.Severity)).Append('\t')
                .Append(f.Location.Line.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.Location.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Escape(f.Location.File)).Append('\t').Append(Escape(f.Message)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The findings back; <see cref="FormatException"/> when the text is not what <see cref="Write"/> writes.</summary>
    public static IReadOnlyList<AuditIssue> Read(string findings)
    {
        var issues = new List<AuditIssue>();
        foreach (var line in findings.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields.Length != 6)
            {
                throw new FormatException($"a stored finding has {fields.Length} fields instead of 6");
            }
            var location = new SourceLocation(Unescape(fields[4]),
                int.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture),
                int.Parse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture));
            issues.Add(new AuditIssue(Unescape(fields[0]), Unescape(fields[1]), Unescape(fields[5]), location));
        }
        return issues;
    }

    private static string Escape(string value) =>
        value.AsSpan().IndexOfAny("\\\t\n\r") < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);

    private static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                text.Append(value[i]);
                continue;
            }
            if (++i == value.Length)
            {
                throw new FormatException("a stored finding ends in a lone escape");
            }
            text.Append(value[i] switch
            {
                '\\' => '\\',
                't' => '\t',
                'n' => '\n',
                'r' => '\r',
                var other => throw new FormatException($"a stored finding has an unknown escape \\{other}"),
            });
        }
        return text.ToString();
    }
}
