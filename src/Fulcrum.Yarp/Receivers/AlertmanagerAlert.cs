using System.Text.Json.Serialization;

namespace Fulcrum.Receivers;

/// <summary>One element of the Alertmanager v2 <c>POST /api/v2/alerts</c> body (postableAlert).</summary>
internal sealed record AlertmanagerAlert(
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("generatorURL"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? GeneratorUrl);
