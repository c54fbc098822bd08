using Fulcrum.Tests.Edge;
using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.Paths;

/// <summary>
/// forwarded.path on a real Fulcrum in front of real Kestrel backends that echo the raw request target they got,
/// requests written by hand on a socket so the target is exactly what a client sent (yarp #1419: %2F used to
/// arrive as %252F). Two routes, /public/** and the rest, check that what the backend is asked for is what the
/// route matched.
/// </summary>
public sealed class PathForwardingTests : IAsyncLifetime
{
    private TargetEchoBackend _public = null!;
    private TargetEchoBackend _other = null!;
    private ProxyRig _asReceived = null!;
    private ProxyRig _normalized = null!;

    public async Task InitializeAsync()
    {
        _public = await TargetEchoBackend.StartAsync("public");
        _other = await TargetEchoBackend.StartAsync("other");
        _asReceived = await ProxyRig.StartAsync(Config(""), [], force: true);
        _normalized = await ProxyRig.StartAsync(Config("forwarded: { path: normalized }"), [], force: true);
    }

    public async Task DisposeAsync()
    {
        await _asReceived.DisposeAsync();
        await _normalized.DisposeAsync();
        await _public.DisposeAsync();
        await _other.DisposeAsync();
    }

    [Theory]
    [InlineData("/@scope%2Fpkg")] // npm scoped package
    [InlineData("/@scope%2fpkg/-/pkg-1.0.0.tgz")]
    [InlineData("/a%252Fb")] // an escaped percent sign stays escaped
    [InlineData("/a%20b")]
    [InlineData("/%41bc")] // an escaped unreserved character is not decoded
    [InlineData("/caf%c3%a9/%E2%82%AC")] // non-ASCII as UTF-8 escapes, hex case kept
    [InlineData("/a%25b%2525")]
    [InlineData("/x?q=a%2Fb&r=%41+c&s=%252F")] // query as sent
    [InlineData("/x?")]
    [InlineData("/a//b/")]
    public async Task The_backend_gets_the_target_as_the_client_sent_it(string target)
    {
        Assert.Equal($"other {target}", await GetAsync(_asReceived, target));
    }

    [Theory]
    [InlineData("/%41bc", "/Abc")]
    [InlineData("/%7euser/a%2db", "/~user/a-b")]
    [InlineData("/caf%c3%a9", "/caf%C3%A9")]
    [InlineData("/@scope%2fpkg", "/@scope%2Fpkg")] // %2F is reserved: upper-cased, never decoded
    [InlineData("/a%252Fb", "/a%252Fb")]
    [InlineData("/x?q=%41%2f%20", "/x?q=A%2F%20")]
    public async Task Normalized_decodes_unreserved_escapes_and_upper_cases_the_rest(string target, string expected)
    {
        Assert.Equal($"other {expected}", await GetAsync(_normalized, target));
    }

    [Theory]
    // %2F is not a separator to Kestrel or routing: /public/..%2Fadmin matched /public/** and is sent as is.
    [InlineData("/public/..%2Fadmin", "public /public/..%2Fadmin")]
    [InlineData("/public/..%2F..%2Fadmin?x=1", "public /public/..%2F..%2Fadmin?x=1")]
    // Real dot segments were resolved before routing: the backend is asked for the path the route matched.
    [InlineData("/admin/../public/x", "public /public/x")]
    [InlineData("/public/../admin", "other /admin")]
    [InlineData("/public/./x/.", "public /public/x/")]
    [InlineData("/public/%2E%2E/admin%2Fkey", "other /admin%2Fkey")]
    [InlineData("/public/%2e/x", "public /public/x")]
    public async Task Dot_segments_reach_the_backend_of_the_route_they_matched(string target, string expected)
    {
        Assert.Equal(expected, await GetAsync(_asReceived, target));
        Assert.Equal(expected, await GetAsync(_normalized, target));
    }

    private static async Task<string> GetAsync(ProxyRig rig, string target) =>
        await RawHttp.BodyAsync(rig.Server.ProxyAddress, $"GET {target} HTTP/1.1\r\nHost: fulcrum.test\r\nConnection: close\r\n\r\n");

    private string Config(string extra) => string.Join("\n",
        "listen: [http://127.0.0.1:0]",
        "admin:",
        "  listen: http://127.0.0.1:0",
        "routes:",
        "  - name: public",
        "    match: { path: \"/public/{**rest}\" }",
        "    cluster: public",
        "  - name: other",
        "    match: { path: \"/{**rest}\" }",
        "    cluster: other",
        "clusters:",
        "  public:",
        "    policy: round-robin",
        "    destinations:",
        $"      p: {{ address: \"{_public.Address}\" }}",
        "  other:",
        "    policy: round-robin",
        "    destinations:",
        $"      o: {{ address: \"{_other.Address}\" }}",
        "journal: { path: \"{folder}/journal.db\" }",
        extra);
}
