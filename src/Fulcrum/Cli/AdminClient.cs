using System.Net.Http.Headers;
using System.Text.Json;
using Fulcrum.Core.Config;
using Fulcrum.Journal;

namespace Fulcrum.Cli;

/// <summary>
/// Talks to a running Fulcrum's admin API for <c>rollback</c> and <c>ack</c>. The address comes from
/// <c>--admin</c>, else from the config's <c>admin.listen</c>, else (when that binds port 0) from the journal's
/// last <c>process.started</c> event, which records the address actually bound. The token comes from
/// <c>admin.token-env</c>.
/// </summary>
internal static class AdminClient
{
    public static HttpClient? Create(string configPath, string? adminOverride, out string? problem)
    {
        problem = null;
        if (!ValidateCommand.TryLoad(configPath, out var config))
        {
            problem = $"cannot read {configPath}";
            return null;
        }
        var address = adminOverride ?? ResolveAddress(config!);
        if (address is null)
        {
            problem = $"admin.listen in {configPath} binds port 0 and the journal has no record of the address bound; pass --admin URL";
            return null;
        }
        var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        if (config!.Admin.TokenEnv is { } name && Environment.GetEnvironmentVariable(name) is { Length: > 0 } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    private static string? ResolveAddress(FulcrumConfig config)
    {
        if (Uri.TryCreate(config.Admin.Listen, UriKind.Absolute, out var listen) && listen.Port != 0)
        {
            return listen.ToString();
        }
        if (!File.Exists(config.Journal.Path))
        {
            return null;
        }
        using var journal = new EventJournal(config.Journal.Path, TimeProvider.System);
        var started = journal.ReadLatest(500).Where(e => e.Kind == EventKinds.ProcessStarted).MaxBy(e => e.Id);
        if (started?.Details is not { } details)
        {
            return null;
        }
        using var json = JsonDocument.Parse(details);
        return json.RootElement.TryGetProperty("admin", out var admin) ? admin.GetString() : null;
    }

    /// <summary>
    /// POSTs to the running Fulcrum's admin API and returns the command's exit code. The answer is printed as
    /// <paramref name="readable"/> renders it, or as the JSON body itself with <paramref name="json"/>; errors go to stderr.
    /// </summary>
    public static async Task<int> PostAsync(string command, string configPath, string? adminOverride, string path, bool json,
        Func<JsonElement, string> readable, CancellationToken cancellationToken)
    {
        using var client = Create(configPath, adminOverride, out var problem);
        if (client is null)
        {
            Console.Error.WriteLine($"{command}: {problem}");
            return ExitCodes.InvalidConfig;
        }
        try
        {
            // The admin API takes writes with a JSON or YAML content type only (no cross-site form can send one).
            using var empty = new StringContent("", System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(path, empty, cancellationToken);
            return await ReportAsync(command, response, json, readable, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"{command}: cannot reach {client.BaseAddress}: {e.Message}");
            return ExitCodes.AuditErrors;
        }
    }

    /// <summary>Prints the answer and maps the HTTP status to an exit code.</summary>
    private static async Task<int> ReportAsync(string command, HttpResponseMessage response, bool json, Func<JsonElement, string> readable,
        CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var ok = response.IsSuccessStatusCode;
        var writer = ok ? Console.Out : Console.Error;
        if (json)
        {
            await writer.WriteLineAsync(body);
        }
        else if (!ok)
        {
            await writer.WriteAsync($"{command}: {(int)response.StatusCode} {response.ReasonPhrase}: {AdminAnswers.Error(body)}");
        }
        else
        {
            string text;
            try
            {
                using var document = JsonDocument.Parse(body);
                text = readable(document.RootElement);
            }
            catch (JsonException)
            {
                text = Core.Text.SafeText.Escape(body) + "\n";
            }
            await writer.WriteAsync(text);
        }
        return ok ? ExitCodes.Ok : ExitCodes.AuditErrors;
    }
}
