using Fulcrum.Admin;
using Fulcrum.Core.Config;

namespace Fulcrum.Tests.Hostile;

/// <summary>
/// The admin API counts as loopback (no token needed) only when Kestrel really binds loopback: an IP literal or
/// <c>localhost</c>. Any other name, whatever it resolves to, makes Kestrel bind every interface.
/// </summary>
public sealed class AdminLoopbackTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9901")]
    [InlineData("http://127.0.0.2:9901")]
    [InlineData("http://[::1]:9901")]
    [InlineData("http://localhost:9901")]
    [InlineData("http://LOCALHOST:9901")]
    public void Loopback_addresses_and_localhost_are_loopback(string listen) =>
        Assert.True(new AdminConfig(listen, null).IsLoopback);

    [Theory]
    [InlineData("http://loopback:9901")]
    [InlineData("http://localhost.example.com:9901")]
    [InlineData("http://127.0.0.1.nip.io:9901")]
    [InlineData("http://0.0.0.0:9901")]
    [InlineData("http://*:9901")]
    [InlineData("http://[::]:9901")]
    public void Names_and_wildcards_are_not_loopback_and_need_a_token(string listen)
    {
        var admin = new AdminConfig(listen, null);

        Assert.False(admin.IsLoopback);
        var refused = Assert.Throws<InvalidOperationException>(() => AdminAuth.For(admin, _ => null));
        Assert.Contains("beyond loopback", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_naming_a_loopback_alias_without_a_token_is_invalid()
    {
        var yaml = string.Join("\n",
            "listen: [http://127.0.0.1:0]",
            "admin: { listen: \"http://loopback:9901\" }",
            "routes: [{ name: all, match: { path: \"/{**rest}\" }, cluster: web }]",
            "clusters: { web: { destinations: { a: { address: \"http://127.0.0.1:1\" } } } }");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, "fulcrum.yaml"));

        Assert.Contains(error.Errors, e => e.Field == "admin.listen" && e.Location.Line == 2);
    }
}
