using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Receivers;

/// <summary>Source-generated JSON for everything receivers send: no reflection, trimming-safe, camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(AlertmanagerAlert[]))]
[JsonSerializable(typeof(NotificationOutcome))]
internal sealed partial class ReceiverJson : JsonSerializerContext;
