using System.Globalization;
using System.Net.Http.Headers;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum audit --live ADMIN_URL</c>: the scheduled live audit of a running instance, run now through its admin API
/// (<c>GET /api/audit/live</c>), printed in the format asked for, with the exit code of <c>fulcrum audit</c>.
/// </summary>
internal static class LiveAudit
{
    /// <summary>The response header that carries the audit's exit code (see the admin API).</summary>
    private const string ExitCodeHeader = "Fulcrum-Audit-Exit-Code";

    public static async Task<int> RunAsync(string adminUrl, string format, string tokenEnv, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(adminUrl, UriKind.Absolute, out var admin) || admin.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"fulcrum audit: --live: '{adminUrl}' is not an admin URL; give one like http://127.0.0.1:9901");
            return ExitCodes.InvalidConfig;
        }
        using var client = new HttpClient { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(60) };
        if (Environment.GetEnvironmentVariable(tokenEnv) is { Length: > 0 } token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        try
        {
            using var response = await client.GetAsync($"api/audit/live?format={Uri.EscapeDataString(format)}", cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode
                || !response.Headers.TryGetValues(ExitCodeHeader, out var values)
                || !int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var exitCode))
            {
                Console.Error.WriteLine($"fulcrum audit: {admin} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
                return ExitCodes.InvalidConfig;
            }
            Console.Write(body.EndsWith('\n') ? body : body + "\n");
            return exitCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"fulcrum audit: cannot reach {admin}: {e.Message}");
            return ExitCodes.InvalidConfig;
        }
    }
}
