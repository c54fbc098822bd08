using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Text;

namespace Fulcrum.Cli;

/// <summary>
/// The admin API's JSON answers to <c>ack</c> and <c>rollback</c> as a person reads them (the default; <c>--json</c>
/// prints the body as it came, for scripts). Texts from the server are escaped: they cannot drive a terminal.
/// </summary>
internal static class AdminAnswers
{
    /// <summary>"acknowledged imbalance on web/a (id …) by alice at 19:21:00Z: escalation stopped; …".</summary>
    public static string Ack(JsonElement alert)
    {
        var text = new StringBuilder();
        text.Append("acknowledged ").Append(Title(alert)).Append(" (id ").Append(Str(alert, "id")).Append(')');
        if (Str(alert, "acknowledgedBy") is { } by)
        {
            text.Append(" by ").Append(by);
        }
        if (Time(alert, "acknowledgedAt") is { } at)
        {
            text.Append(" at ").Append(at);
        }
        text.Append(": escalation stopped");
        var tiers = alert.TryGetProperty("notifiedTiers", out var t) && t.ValueKind == JsonValueKind.Array ? t.GetArrayLength() : 0;
        text.Append(tiers == 0 ? "; no tier had been notified yet" : $"; the {tiers} tier(s) already notified are told");
        text.Append('\n');
        AppendLine(text, "  ", Str(alert, "summary"));
        AppendLine(text, "  cause: ", Str(alert, "cause"));
        return text.ToString();
    }

    /// <summary>"rolled back: config applied from … \n  1 error-level finding(s) …".</summary>
    public static string Rollback(JsonElement result)
    {
        var text = new StringBuilder();
        var applied = result.TryGetProperty("applied", out var a) && a.ValueKind == JsonValueKind.True;
        text.Append(applied ? "rolled back: " : "rollback refused: ").Append(Str(result, "message") ?? "").Append('\n');
        AppendItems(text, result, "errors", e => $"{Str(e, "file")}:{Int(e, "line")}:{Int(e, "column")}: {Str(e, "field")}: {Str(e, "message")}");
        AppendItems(text, result, "findings", f => $"{Str(f, "severity")} {Str(f, "ruleId")}: {Str(f, "message")}");
        return text.ToString();
    }

    /// <summary>An error answer ({"error": "…"}, or an alert answer for a conflict) in words; the body itself otherwise.</summary>
    public static string Error(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && Str(json.RootElement, "error") is { } error)
            {
                return error + "\n";
            }
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("applied", out _))
            {
                return Rollback(json.RootElement);
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): shown as it is, escaped.
        }
        return SafeText.Escape(body.Trim()) + "\n";
    }

    private static string Title(JsonElement alert)
    {
        var name = Str(alert, "name") ?? "alert";
        var scope = Str(alert, "destination") is { } d ? $"{Str(alert, "cluster")}/{d}" : Str(alert, "cluster");
        return scope is null ? name : $"{name} on {scope}";
    }

    private static void AppendItems(StringBuilder text, JsonElement parent, string property, Func<JsonElement, string> line)
    {
        if (!parent.TryGetProperty(property, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        foreach (var item in items.EnumerateArray())
        {
            text.Append("  ").Append(SafeText.Escape(line(item))).Append('\n');
        }
    }

    private static void AppendLine(StringBuilder text, string label, string? value)
    {
        if (value is not null)
        {
            text.Append(label).Append(value).Append('\n');
        }
    }

    private static string? Str(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? SafeText.Escape(v.GetString()!) : null;

    private static string Int(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : "?";

    private static string? Time(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t)
            ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : null;
}
