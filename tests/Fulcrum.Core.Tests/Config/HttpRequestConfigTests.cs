using System.Net;
using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// <c>clusters.*.http-request</c>: the HTTP version and version policy towards the destinations, read with YARP's
/// defaults for what is left out, refused with the file position, the field and the allowed values otherwise.
/// </summary>
public sealed class HttpRequestConfigTests
{
    private const string OneDestination = "destinations: { a: { address: http://127.0.0.1:9001 } }";

    [Theory]
    [InlineData("version: \"2\", version-policy: exact", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("version: 2, version-policy: exact", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("version: 2.0, version-policy: or-higher", "2.0", HttpVersionPolicy.RequestVersionOrHigher)]
    [InlineData("version: 1.1, version-policy: exact", "1.1", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("version-policy: exact", "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("version: \"1.1\"", "1.1", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("", "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    public void Version_and_policy_are_read_and_what_is_left_out_is_yarps_default(string settings, string version, HttpVersionPolicy policy)
    {
        var cluster = Load(WithCluster($"{OneDestination}\nhttp-request: {{ {settings} }}")).Clusters[0];

        Assert.Equal(new HttpRequestConfig(Version.Parse(version), policy), cluster.HttpRequest);
    }

    [Fact]
    public void Left_out_entirely_the_cluster_has_none_and_yarps_defaults_apply()
    {
        var cluster = Load(WithCluster(OneDestination)).Clusters[0];

        Assert.Null(cluster.HttpRequest);
        Assert.Equal(new HttpRequestConfig(HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower), HttpRequestConfig.Default);
    }

    [Theory]
    [InlineData("version: 1.0", "clusters.web.http-request.version", "'1.0' is not allowed", "allowed: 1.1, 2")]
    [InlineData("version: \"3\"", "clusters.web.http-request.version", "'3' is not allowed", "HTTP/3 to destinations is not offered")]
    [InlineData("version: h2c", "clusters.web.http-request.version", "'h2c' is not allowed", "exact is h2c on http:// destinations")]
    [InlineData("version-policy: exactly", "clusters.web.http-request.version-policy", "'exactly' is not allowed", "did you mean 'exact'", "allowed: or-lower, or-higher, exact")]
    [InlineData("version-policy: RequestVersionExact", "clusters.web.http-request.version-policy", "allowed: or-lower, or-higher, exact")]
    [InlineData("versions: 2", "clusters.web.http-request.versions", "did you mean 'version'")]
    public void Bad_values_are_errors_with_file_line_column_field_and_allowed_values(string setting, string field, params string[] fragments)
    {
        // Body line 2 is file line 6; "http-request: { " puts the first setting at body column 17, file column 21.
        var error = ErrorFor(WithCluster($"{OneDestination}\nhttp-request: {{ {setting} }}"), field);

        Assert.Equal(FileName, error.Location.File);
        Assert.Equal(6, error.Location.Line);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_bad_value_is_reported_at_its_own_column()
    {
        var error = ErrorFor(WithCluster($"{OneDestination}\nhttp-request:\n  version: 2\n  version-policy: strict"), "clusters.web.http-request.version-policy");

        AssertError(error, 8, 23, "'strict' is not allowed", "allowed: or-lower, or-higher, exact");
    }

    [Fact]
    public void A_changed_version_policy_is_named_in_the_config_diff()
    {
        var before = Load(WithCluster($"{OneDestination}\nhttp-request: {{ version: 2 }}"));
        var after = Load(WithCluster($"{OneDestination}\nhttp-request: {{ version: 2, version-policy: exact }}"));

        var changes = ConfigDiff.Compare(before, after);

        Assert.Contains(changes, c => c.Description == "clusters.web.http-request.version-policy: or-lower → exact");
    }
}
