using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>admin: { listen, token-env, token-name }</c>. Beyond loopback the admin API can change the config, so it needs a token.</summary>
internal static class AdminReader
{
    private const int MaxTokenName = 100;

    public static AdminConfig Read(ReadContext ctx, ConfigNode? node)
    {
        if (node is null || ctx.Map(node, "admin", ConfigKeys.Admin) is not { } map)
        {
            return AdminConfig.Default;
        }
        var listen = AdminConfig.DefaultListen;
        if (map.Url("listen", UrlUse.Listen) is not null)
        {
            listen = map.String("listen")!;
        }
        var tokenEnv = map.String("token-env", "the name of an environment variable holding the admin token");
        if (tokenEnv is not null && !IsEnvironmentVariableName(tokenEnv))
        {
            map.Fail("token-env", $"{SafeText.Quote(tokenEnv)} is not an environment variable name; use letters, digits and '_', not starting with a digit, e.g. FULCRUM_ADMIN_TOKEN");
            tokenEnv = null;
        }
        else if (tokenEnv is null && map["token-env"] is null && !Urls.IsLoopback(listen))
        {
            map.Fail("listen", $"the admin API listens beyond loopback ({listen}) without a token; set admin.token-env to the name of an environment variable holding a token, or listen on 127.0.0.1 / localhost / [::1]");
        }
        var tokenName = map.String("token-name", "a name for whoever holds the admin token, journaled as who changed the config");
        if (tokenName is not null && (tokenName.Length is 0 or > MaxTokenName || tokenName.Any(char.IsControl)))
        {
            map.Fail("token-name", $"{SafeText.Quote(tokenName, 80)} is not a usable name; use 1 to {MaxTokenName} printable characters, e.g. ops-team");
            tokenName = null;
        }
        else if (tokenName is not null && tokenEnv is null)
        {
            map.Fail("token-name", "names the admin token, but there is none: set admin.token-env too");
            tokenName = null;
        }
        return new AdminConfig(listen, tokenEnv) { TokenName = tokenName };
    }

    private static bool IsEnvironmentVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
