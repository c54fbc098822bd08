using System.Text.RegularExpressions;
using Fulcrum.TestBackends;
using Fulcrum.Tests.EndToEnd;
using Fulcrum.Tests.Support;
using Xunit.Abstractions;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// limits on the real executable: each hit limit is answered with its status code by Fulcrum (the backend never
/// sees the request) and logged as exactly one line, with no stack trace.
/// </summary>
public sealed partial class LimitsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Limits = "limits: { request-body: 1KB, request-headers: 2KB, headers-count: 20, request-headers-timeout: 1s }";

    private TestBackend _backend = null!;
    private FulcrumProcess _fulcrum = null!;
    private Uri _proxy = null!;

    public async Task InitializeAsync()
    {
        _backend = await TestBackend.StartAsync(new TestBackendOptions { Name = "a" });
        var folder = Directory.CreateTempSubdirectory("fulcrum-limits-").FullName;
        var config = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(config, Configs.OneCluster("round-robin", $"a: {{ address: \"{_backend.Address}\" }}", extra: Limits).Replace("{folder}", folder));
        _fulcrum = FulcrumProcess.Start("run", "-c", config, "--force");
        var text = await _fulcrum.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(30));
        _proxy = new Uri(ProxyAddress().Match(text).Groups[1].Value);
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(_fulcrum.Output);
        await _fulcrum.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_before_the_backend_and_one_log_line()
    {
        using var client = new HttpClient { BaseAddress = _proxy };
        using var response = await client.PostAsync("/upload", new ByteArrayContent(new byte[4096]));

        Assert.Equal(413, (int)response.StatusCode);
        await AssertOneLogLineAsync("limit hit: 413", "Request body too large. The max request body size is 1024 bytes.");
        Assert.Equal(0, _backend.Counters.Total);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_is_413_and_one_log_line()
    {
        using var client = new HttpClient { BaseAddress = _proxy };
        var content = new StreamContent(new MemoryStream(new byte[4096]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/upload") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
        await AssertOneLogLineAsync("limit hit: 413", "Request body too large. The max request body size is 1024 bytes.");
    }

    [Fact]
    public async Task A_client_that_hangs_up_on_the_413_still_leaves_its_one_log_line()
    {
        // RawHttp closes the socket as soon as the status line is in. Kestrel logs a body limit only while draining
        // the connection after the answer, which a closed connection skips: Fulcrum's own line must not depend on it.
        var body = new string('x', 4096);
        var status = await RawHttp.StatusAsync(_proxy,
            $"POST /upload HTTP/1.1\r\nHost: fulcrum.test\r\nTransfer-Encoding: chunked\r\n\r\n{body.Length:x}\r\n{body}\r\n0\r\n\r\n");

        Assert.Equal(413, status);
        await AssertOneLogLineAsync("limit hit: 413", "Request body too large.");
    }

    [Fact]
    public async Task Headers_over_the_size_limit_are_431_and_one_log_line()
    {
        var status = await RawHttp.StatusAsync(_proxy, RawHttp.Get("X-Big: " + new string('x', 3000)));

        Assert.Equal(431, status);
        await AssertOneLogLineAsync("limit hit: 431", "");
        Assert.Equal(0, _backend.Counters.Total);
    }

    [Fact]
    public async Task Too_many_headers_are_431()
    {
        var status = await RawHttp.StatusAsync(_proxy, RawHttp.Get([.. Enumerable.Range(0, 30).Select(i => $"X-H{i}: {i}")]));

        Assert.Equal(431, status);
        await AssertOneLogLineAsync("limit hit: 431", "");
    }

    [Fact]
    public async Task Headers_not_finished_in_time_are_408_and_one_log_line()
    {
        // The blank line that ends the headers never comes.
        var status = await RawHttp.StatusAsync(_proxy, "GET / HTTP/1.1\r\nHost: fulcrum.test\r\n");

        Assert.Equal(408, status);
        await AssertOneLogLineAsync("limit hit: 408", "");
    }

    [Fact]
    public async Task Requests_within_the_limits_are_forwarded()
    {
        using var client = new HttpClient { BaseAddress = _proxy };
        using var response = await client.PostAsync("/upload", new ByteArrayContent(new byte[512]));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.DoesNotContain("limit hit", _fulcrum.Output, StringComparison.Ordinal);
    }

    private async Task AssertOneLogLineAsync(string marker, string detail)
    {
        await Poll.UntilAsync(() => _fulcrum.Output.Contains(marker, StringComparison.Ordinal), TimeSpan.FromSeconds(10), $"'{marker}' in the log");
        var lines = _fulcrum.Output.Split('\n');
        var hits = lines.Where(l => l.Contains("limit hit", StringComparison.Ordinal)).ToList();
        Assert.True(hits.Count == 1, "expected one limit line:\n" + _fulcrum.Output);
        Assert.Contains(detail, hits[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", _fulcrum.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"fulcrum: proxy on (\S+),")]
    private static partial Regex ProxyAddress();
}
