using Fulcrum.Proxy.Paths;

namespace Fulcrum.Tests.Paths;

/// <summary>
/// What <see cref="RawTargetPath"/> does with targets Kestrel does not let through a socket (non-ASCII, a lone '%',
/// absolute form) or that only an embedding app has (a path base), and that the URI it builds is sent as built.
/// </summary>
public sealed class RawTargetPathTests
{
    [Theory]
    [InlineData("/a%2Fb?x=%41", null, false, "/a%2Fb?x=%41")]
    [InlineData("/café", null, false, "/caf%C3%A9")]
    [InlineData("/100%", null, false, "/100%25")]
    [InlineData("/a%zz", null, false, "/a%25zz")]
    [InlineData("/a b?c d", null, false, "/a%20b?c%20d")]
    [InlineData("/\U0001F600", null, false, "/%F0%9F%98%80")]
    [InlineData("/api/v1/a%2Fb", "/api", false, "/v1/a%2Fb")]
    [InlineData("/api", "/api", false, "")]
    [InlineData("/api/../api/x%41", "/api", true, "/xA")]
    [InlineData("/..", null, false, "/")]
    [InlineData("/a/b/..?q", null, false, "/a/?q")]
    public void Builds_the_path_to_forward(string raw, string? pathBase, bool normalize, string expected)
    {
        Assert.Equal(expected, RawTargetPath.Build(raw, pathBase, normalize));
    }

    [Theory]
    [InlineData("http://fulcrum.test/a%2Fb")] // absolute form: YARP renders the decoded path
    [InlineData("*")]
    [InlineData("")]
    [InlineData(null)]
    public void Leaves_other_forms_to_yarp(string? raw)
    {
        Assert.Null(RawTargetPath.Build(raw, null, normalize: false));
    }

    [Fact]
    public void Yarps_own_rendering_is_what_this_replaces()
    {
        // The decoded path Kestrel gives for /@scope%2Fpkg (it leaves %2F escaped) and for /@scope%252Fpkg are the
        // same string; YARP escapes its '%', so both reach the backend as the second (yarp #1419).
        var yarp = Yarp.ReverseProxy.Forwarder.RequestUtilities.MakeDestinationAddress(
            "http://127.0.0.1:5000/", new Microsoft.AspNetCore.Http.PathString("/@scope%2Fpkg"), default);

        Assert.Equal("/@scope%252Fpkg", yarp.PathAndQuery);
        Assert.Equal("/@scope%2Fpkg", RawTargetPath.Address("http://127.0.0.1:5000/", RawTargetPath.Build("/@scope%2Fpkg", null, false)!).PathAndQuery);
    }

    [Fact]
    public void The_address_keeps_escapes_and_dots_as_built()
    {
        var uri = RawTargetPath.Address("http://127.0.0.1:5000/base/", "/a%2Fb/%41?q=%2f");

        Assert.Equal("/base/a%2Fb/%41?q=%2f", uri.PathAndQuery);
    }
}
