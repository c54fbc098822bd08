using System.Net;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Proxy;
using Microsoft.AspNetCore.Http;

namespace Fulcrum.Tests.Library;

/// <summary>The proxy reads each kind of hash key from a request and hashes it as the simulator does.</summary>
public sealed class HashKeyReaderTests
{
    [Theory]
    [InlineData("header:X-User", "alice")]
    [InlineData("cookie:session", "s-42")]
    [InlineData("query:user", "bob")]
    [InlineData("path", "/basket/7")]
    public void A_present_key_hashes_like_the_simulators_key_hasher(string key, string value)
    {
        Assert.True(Policies.TryParseHashKey(key, out var parsed, out _));
        var context = new DefaultHttpContext();
        context.Request.Path = "/basket/7";
        context.Request.Headers["X-User"] = "alice";
        context.Request.Headers.Cookie = "session=s-42";
        context.Request.QueryString = new QueryString("?user=bob");

        Assert.True(new HashKeyReader(parsed!).TryHash(context, out var hash));
        Assert.Equal(KeyHasher.Hash(value.AsSpan()), hash);
    }

    [Fact]
    public void The_client_ip_hashes_its_address_bytes()
    {
        Assert.True(Policies.TryParseHashKey("client-ip", out var key, out _));
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        Assert.True(new HashKeyReader(key!).TryHash(context, out var hash));
        Assert.Equal(KeyHasher.Hash([10, 1, 2, 3]), hash);
    }

    [Theory]
    [InlineData("header:X-User")]
    [InlineData("cookie:session")]
    [InlineData("query:user")]
    [InlineData("client-ip")]
    public void A_missing_key_is_reported_so_the_picker_chooses_a_random_point(string key)
    {
        Assert.True(Policies.TryParseHashKey(key, out var parsed, out _));

        Assert.False(new HashKeyReader(parsed!).TryHash(new DefaultHttpContext(), out _));
    }
}
