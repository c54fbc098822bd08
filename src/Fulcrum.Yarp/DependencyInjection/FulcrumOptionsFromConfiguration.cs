using System.Globalization;
using System.Text;
using System.Text.Json;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Fulcrum;

/// <summary>
/// Binds <see cref="FulcrumOptions"/> from the <c>Fulcrum</c> configuration section through the <c>fulcrum.yaml</c>
/// readers, so an appsettings.json takes the same keys, durations (<c>30s</c>) and checks as the YAML contract. An
/// invalid section fails options validation with the reader's messages instead of being half-applied.
/// </summary>
/// <param name="section">The <c>Fulcrum</c> section.</param>
/// <param name="baseDirectory">Where a relative <c>journal.path</c> resolves: the app's content root.</param>
internal sealed class FulcrumOptionsFromConfiguration(IConfiguration section, string baseDirectory) : IConfigureOptions<FulcrumOptions>
{
    public void Configure(FulcrumOptions options)
    {
        var name = section is IConfigurationSection s ? s.Path : "Fulcrum";
        var settings = SettingsLoader.Parse(ToJson(section), $"configuration section '{name}'", baseDirectory);
        options.Fairness = settings.Fairness;
        options.Alerts = settings.Alerts;
        options.JournalPath = settings.Journal.Path;
        options.JournalRetention = settings.Journal.Retention;
        options.Audit = settings.Audit;
        options.AdminTokenEnv = settings.Admin.TokenEnv;
    }

    /// <summary>
    /// Configuration flattens everything to strings and lists to "0", "1", ... keys; this restores the shape (a
    /// child whose keys are 0..n-1 is a list, numbers and booleans are bare) so the YAML readers see what was written.
    /// </summary>
    internal static string ToJson(IConfiguration configuration)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, configuration);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, IConfiguration node)
    {
        var children = node.GetChildren().ToArray();
        if (children.Length == 0)
        {
            WriteScalar(json, (node as IConfigurationSection)?.Value);
            return;
        }
        var isList = children.Select((c, i) => c.Key == i.ToString(CultureInfo.InvariantCulture)).All(x => x)
            && children.Length > 0;
        if (isList)
        {
            json.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                Write(json, child);
            }
            json.WriteEndArray();
            return;
        }
        json.WriteStartObject();
        foreach (var child in children)
        {
            json.WritePropertyName(child.Key);
            Write(json, child);
        }
        json.WriteEndObject();
    }

    private static void WriteScalar(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (bool.TryParse(value, out var flag))
        {
            json.WriteBooleanValue(flag);
        }
        else if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            json.WriteRawValue(value.Trim(), skipInputValidation: false);
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
