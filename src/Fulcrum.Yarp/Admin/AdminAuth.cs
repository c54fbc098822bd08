using System.Security.Cryptography;
using System.Text;
using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Admin;

/// <summary>
/// Bearer-token check for an admin listener beyond loopback (DESIGN.md: <c>admin.token-env</c>). On loopback no
/// token is needed; beyond it Fulcrum refuses to start without one and every call must carry it.
/// </summary>
internal sealed class AdminAuth
{
    private readonly byte[]? _token;

    private AdminAuth(byte[]? token, string? tokenName = null)
    {
        _token = token;
        TokenName = token is null ? null : tokenName;
    }

    public bool Required => _token is not null;

    /// <summary>
    /// <c>admin.token-name</c> when a token is required: every authorized caller holds the token, so this is who they
    /// are (journaled as the author of config changes). Null without a token or a name.
    /// </summary>
    public string? TokenName { get; }

    /// <summary>For an embedding app: a token when <paramref name="tokenEnv"/> names a set variable, else open (the app guards the group).</summary>
    public static AdminAuth FromEnvironment(string? tokenEnv, Func<string, string?> environment)
    {
        var token = tokenEnv is { } name ? environment(name) : null;
        return new AdminAuth(string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Throws when the admin listener is beyond loopback and no token is configured.</summary>
    public static AdminAuth For(AdminConfig admin, Func<string, string?> environment)
    {
        var token = admin.TokenEnv is { } name ? environment(name) : null;
        if (admin.IsLoopback)
        {
            return new AdminAuth(string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token), admin.TokenName);
        }
        if (string.IsNullOrEmpty(token))
        {
            throw new InvalidOperationException(
                $"admin.listen {admin.Listen} is beyond loopback: set admin.token-env to the name of an environment variable holding the admin token" +
                (admin.TokenEnv is { } env ? $" (environment variable {env} is empty or not set)" : ""));
        }
        return new AdminAuth(Encoding.UTF8.GetBytes(token), admin.TokenName);
    }

    public bool IsAuthorized(HttpContext context)
    {
        if (_token is null)
        {
            return true;
        }
        var header = context.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var offered = Encoding.UTF8.GetBytes(header[prefix.Length..].Trim());
        // Constant time, so response timing does not reveal how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(offered, _token);
    }
}
