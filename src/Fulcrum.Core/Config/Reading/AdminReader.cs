using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary><c>admin: { listen, token-env }</c>. Beyond loopback the admin API can change the config, so it needs a token.</summary>
internal static class AdminReader
{
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
        return new AdminConfig(listen, tokenEnv);
    }

    private static bool IsEnvironmentVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
