using System.Globalization;
using System.Text;
using Fulcrum.Core.Audit;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;

namespace Fulcrum.Operations;

/// <summary>
/// An applied config's audit as the journal keeps it (<c>config_history.audit</c>, see <see cref="AuditReuse"/>): text,
/// one line per finding (rule, severity, line, column, file, message), then one line per destination of each share
/// prediction the audit simulated (<c>~share</c>, cluster, requests, offered rate, destination, share, rate, average
/// in flight, errors, mean, p50 and p99 latency in ticks; an empty field is null), separated by tabs, with <c>\</c>,
/// tab and line breaks escaped; numbers in invariant round-trip form, so a restart primes its incremental audit with
/// the very predictions. Not JSON on purpose: reading them is on the way to the first request, and a serializer costs
/// a restart more first-call compilation than the simulation it saves.
/// </summary>
internal static class AuditText
{
    // A rule id never starts with '~': the first field tells a prediction line from a finding.
    private const string PredictionMark = "~share";

    public static string Write(IReadOnlyList<AuditIssue> findings, IReadOnlyList<SharePrediction>? predictions = null)
    {
        var text = new StringBuilder();
        foreach (var f in findings)
        {
            text.Append(Escape(f.RuleId)).Append('\t').Append(Escape(f.Severity)).Append('\t')
                .Append(f.Location.Line.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(f.Location.Column.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(Escape(f.Location.File)).Append('\t').Append(Escape(f.Message)).Append('\n');
        }
        foreach (var p in predictions ?? [])
        {
            foreach (var d in p.Destinations)
            {
                text.Append(PredictionMark).Append('\t').Append(Escape(p.Cluster)).Append('\t')
                    .Append(p.Requests.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(Number(p.OfferedRate)).Append('\t')
                    .Append(Escape(d.Name)).Append('\t').Append(Number(d.Share)).Append('\t').Append(Number(d.Rate)).Append('\t')
                    .Append(Number(d.AverageInFlight)).Append('\t').Append(d.Errors.ToString(CultureInfo.InvariantCulture)).Append('\t')
                    .Append(Ticks(d.MeanLatency)).Append('\t').Append(Ticks(d.P50)).Append('\t').Append(Ticks(d.P99)).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// The findings and the predictions back (a text written before predictions were kept has none);
    /// <see cref="FormatException"/> when the text is not what <see cref="Write"/> writes.
    /// </summary>
    public static (IReadOnlyList<AuditIssue> Findings, IReadOnlyList<SharePrediction> Predictions) Read(string stored)
    {
        var issues = new List<AuditIssue>();
        var predictions = new List<SharePrediction>();
        List<PredictedDestination>? destinations = null;
        foreach (var line in stored.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\t');
            if (fields[0] == PredictionMark)
            {
                if (fields.Length != 12)
                {
                    throw new FormatException($"a stored prediction has {fields.Length} fields instead of 12");
                }
                var cluster = Unescape(fields[1]);
                if (predictions.Count == 0 || predictions[^1].Cluster != cluster)
                {
                    // A cluster's destinations are written together, in the prediction's (config) order.
                    destinations = [];
                    predictions.Add(new SharePrediction(cluster, int.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture),
                        NullableNumber(fields[3]), destinations));
                }
                destinations!.Add(new PredictedDestination(Unescape(fields[4]), Number(fields[5]), NullableNumber(fields[6]),
                    NullableNumber(fields[7]), long.Parse(fields[8], NumberStyles.None, CultureInfo.InvariantCulture),
                    NullableTicks(fields[9]), NullableTicks(fields[10]), NullableTicks(fields[11])));
                continue;
            }
            if (fields.Length != 6)
            {
                throw new FormatException($"a stored finding has {fields.Length} fields instead of 6");
            }
            var location = new SourceLocation(Unescape(fields[4]),
                int.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture),
                int.Parse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture));
            issues.Add(new AuditIssue(Unescape(fields[0]), Unescape(fields[1]), Unescape(fields[5]), location));
        }
        return (issues, predictions);
    }

    private static string Number(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string Ticks(TimeSpan? value) => value is { } v ? v.Ticks.ToString(CultureInfo.InvariantCulture) : "";

    private static double Number(string field) => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double? NullableNumber(string field) => field.Length == 0 ? null : Number(field);

    private static TimeSpan? NullableTicks(string field) =>
        field.Length == 0 ? null : TimeSpan.FromTicks(long.Parse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));

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
