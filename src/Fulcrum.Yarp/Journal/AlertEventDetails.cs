using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Journal;

/// <summary>
/// The details JSON of alert.* events — the convention the postmortem reads back. Every field is optional: write
/// what is known. <see cref="Name"/> is the alert name (imbalance, error-rate, …); <see cref="Cause"/> the likely
/// cause in words (typically the config change found with <see cref="EventJournal.FindLatest"/>); the numbers are
/// the ones that made the alert fire, over its window: <see cref="Requests"/>, <see cref="Errors"/>,
/// <see cref="ErrorRate"/> (0–1) feed the postmortem's impact line when the host gives no better source.
/// <see cref="By"/> is who acknowledged it (on alert.acknowledged): the admin token's name, or the claimed user and address.
/// </summary>
internal sealed record AlertEventDetails(
    string? Name = null,
    string? Cause = null,
    string? Signal = null,
    double? Value = null,
    double? Threshold = null,
    long? Requests = null,
    long? Errors = null,
    double? ErrorRate = null,
    long? CauseEventId = null,
    string? By = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, JournalJson.Default.AlertEventDetails);

    /// <summary>Reads <paramref name="details"/> back; plain text (not a JSON object) is taken as the cause.</summary>
    public static AlertEventDetails? Parse(string? details)
    {
        if (string.IsNullOrWhiteSpace(details))
        {
            return null;
        }
        if (details.TrimStart().StartsWith('{'))
        {
            try
            {
                return JsonSerializer.Deserialize(details, JournalJson.Default.AlertEventDetails);
            }
            catch (JsonException)
            {
                // not ours after all: fall through and keep it as text
            }
        }
        return new AlertEventDetails(Cause: details.Trim());
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertEventDetails))]
[JsonSerializable(typeof(JournalPruneReport))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class JournalJson : JsonSerializerContext;
