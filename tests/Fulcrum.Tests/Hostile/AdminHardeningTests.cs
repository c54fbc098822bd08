using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Fulcrum.Admin;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Hostile;

/// <summary>
/// The admin API against a running server: writes only from its own origin, addressed by its own address, with a
/// JSON or YAML body of bounded size; /healthz open; HEAD wherever GET works.
/// </summary>
public sealed class AdminHardeningTests
{
    private static string Changed(ProxyRig rig) => rig.Fill(Configs.Weighted("round-robin", 5, 1));

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:1")]
    public async Task A_post_with_a_foreign_origin_is_refused_and_the_serving_config_is_unchanged(string origin)
    {
        await AssertRefusedAsync(request => request.Headers.Add("Origin", origin));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("rebound.example:{port}")]
    [InlineData("127.0.0.1:1")]
    public async Task A_post_with_a_foreign_host_is_refused_and_the_serving_config_is_unchanged(string host)
    {
        await AssertRefusedAsync((request, port) => request.Headers.Host = host.Replace("{port}", port, StringComparison.Ordinal));
    }

    /// <summary>POSTs a changed config shaped by <paramref name="shape"/>: 403, and the serving config is the same object.</summary>
    private static Task AssertRefusedAsync(Action<HttpRequestMessage> shape) => AssertRefusedAsync((request, _) => shape(request));

    private static async Task AssertRefusedAsync(Action<HttpRequestMessage, string> shape)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var serving = rig.Server.Gate.CurrentYaml;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/config") { Content = RouteValidationTests.Yaml(Changed(rig)) };
        shape(request, rig.Server.AdminAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await rig.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
    }

    [Fact]
    public async Task A_post_from_its_own_origin_by_localhost_with_yaml_applies()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var port = rig.Server.AdminAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/config") { Content = RouteValidationTests.Yaml(Changed(rig)) };
        request.Headers.Host = "localhost:" + port;
        request.Headers.Add("Origin", "http://localhost:" + port);
        using var response = await rig.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, rig.Server.Gate.Current!.Clusters[0].Destinations[0].Weight);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task A_post_with_a_simple_content_type_is_refused_415(string contentType)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1, 1), ProxyRig.Named(2));
        var serving = rig.Server.Gate.CurrentYaml;

        using var response = await rig.Admin.PostAsync("/api/config", new StringContent(Changed(rig), Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
    }

    [Fact]
    public async Task Healthz_needs_no_token_while_the_rest_does()
    {
        var variable = "FULCRUM_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "s3cret");
        var config = Configs.Weighted("round-robin", 1).Replace("admin:\n  listen: http://127.0.0.1:0", $"admin:\n  listen: http://127.0.0.1:0\n  token-env: {variable}", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(1));

        using var health = await rig.Admin.GetAsync("/healthz");
        using var clusters = await rig.Admin.GetAsync("/api/clusters");

        Assert.Equal((HttpStatusCode.OK, "ok"), (health.StatusCode, await health.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, clusters.StatusCode);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    [InlineData("/api/clusters")]
    [InlineData("/api/events")]
    [InlineData("/")]
    public async Task Head_answers_where_get_does(string path)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));

        using var response = await rig.Admin.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/api/audit", 5)]
    [InlineData("/api/config", 10)]
    public async Task A_body_over_the_config_limit_is_answered_413_and_the_server_keeps_serving(string path, int megabytes)
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var serving = rig.Server.Gate.CurrentYaml;

        using var content = new ByteArrayContent(new byte[megabytes * 1024 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await rig.Admin.PostAsync(path, content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Same(serving, rig.Server.Gate.CurrentYaml);
        Assert.Equal("ok", await rig.Admin.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task A_body_announced_beyond_kestrels_own_limit_is_answered_413_not_reset()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));
        var admin = rig.Server.AdminAddress;

        // A raw connection: an HTTP client would abort its upload at the server's early answer and report only that.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(admin.Host, admin.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/config HTTP/1.1\r\nHost: {admin.Authority}\r\nContent-Type: application/yaml\r\nContent-Length: {40L * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head + new string('#', 4096)));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var status = await reader.ReadLineAsync(timeout.Token);

        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
        Assert.Equal("ok", await rig.Admin.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_answered_413()
    {
        await using var rig = await ProxyRig.StartAsync(Configs.Weighted("round-robin", 1), ProxyRig.Named(1));

        using var content = new StreamContent(new MemoryStream(new byte[6 * 1024 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/audit") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await rig.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_third_config_check_while_two_run_is_answered_429_with_retry_after()
    {
        var limiter = new ConfigCheckLimiter();
        var release = new TaskCompletionSource<IResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = limiter.RunAsync(new DefaultHttpContext(), () => release.Task);
        var second = limiter.RunAsync(new DefaultHttpContext(), () => release.Task);
        var third = new DefaultHttpContext();

        var refused = await limiter.RunAsync(third, () => Task.FromResult(Results.Ok()));

        Assert.Equal(429, Assert.IsAssignableFrom<IStatusCodeHttpResult>(refused).StatusCode);
        Assert.Equal("1", third.Response.Headers.RetryAfter.ToString());
        release.SetResult(Results.Ok());
        await Task.WhenAll(first, second);
        var after = await limiter.RunAsync(new DefaultHttpContext(), () => Task.FromResult(Results.Ok()));
        Assert.Equal(200, Assert.IsAssignableFrom<IStatusCodeHttpResult>(after).StatusCode);
    }
}
