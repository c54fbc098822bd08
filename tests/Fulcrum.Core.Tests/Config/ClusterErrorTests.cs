using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Errors inside a cluster. Positions: body line N is file line N + 4, body column C is file column C + 4.</summary>
public class ClusterErrorTests
{
    private const string OneDestination = "destinations: { a: { address: http://127.0.0.1:9001 } }";

    [Fact]
    public void Cluster_without_destinations_key()
    {
        var error = ErrorFor(WithCluster("policy: random"), "clusters.web.destinations");

        AssertError(error, 4, 3, "'destinations' is required", "at least one destination");
    }

    [Fact]
    public void Cluster_with_empty_destinations()
    {
        var error = ErrorFor(WithCluster("destinations: {}"), "clusters.web.destinations");

        AssertError(error, 5, 19, "no destinations");
    }

    [Theory]
    [InlineData("127.0.0.1:9001", "not an absolute URL with a host")]
    [InlineData("/relative/path", "not an absolute URL with a host")]
    [InlineData("ftp://files.example", "uses the scheme 'ftp'")]
    [InlineData("http://10.0.0.1/#top", "has a fragment")]
    public void Destination_address_must_be_absolute_http(string address, string problem)
    {
        var error = ErrorFor(WithCluster($"destinations:\n  a: {{ address: \"{address}\" }}"), "clusters.web.destinations.a.address");

        AssertError(error, 6, 21, problem, "absolute http:// or https://");
    }

    [Fact]
    public void Destination_without_address()
    {
        var error = ErrorFor(WithCluster("destinations:\n  a: { weight: 2 }"), "clusters.web.destinations.a.address");

        AssertError(error, 6, 7, "'address' is required");
    }

    [Theory]
    [InlineData("-1", "-1 is too small; expected a whole number >= 0")]
    [InlineData("1.5", "'1.5' is not a whole number; expected a whole number >= 0")]
    [InlineData("4000000000", "4000000000 is too large; expected a whole number >= 0")]
    public void Weight_must_be_a_non_negative_integer(string weight, string message)
    {
        var error = ErrorFor(WithCluster($"destinations:\n  a: {{ address: http://127.0.0.1:9001, weight: {weight} }}"),
            "clusters.web.destinations.a.weight");

        AssertError(error, 6, 52, message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-20")]
    public void Capacity_must_be_positive(string capacity)
    {
        var error = ErrorFor(WithCluster($"destinations:\n  a: {{ address: http://127.0.0.1:9001, capacity: {capacity} }}"),
            "clusters.web.destinations.a.capacity");

        AssertError(error, 6, 54, "is not positive", "a number > 0");
    }

    [Fact]
    public void Destination_name_must_be_plain()
    {
        var error = ErrorFor(WithCluster("destinations:\n  \"a b\": { address: http://127.0.0.1:9001 }"), "clusters.web.destinations.a b");

        AssertError(error, 6, 7, "'a b' is not a valid destination name", "letters, digits");
    }

    [Fact]
    public void Unknown_policy_lists_the_allowed_ones_and_the_likely_one()
    {
        var error = ErrorFor(WithCluster("policy: round-robbin\n" + OneDestination), "clusters.web.policy");

        AssertError(error, 5, 13, "'round-robbin' is not allowed", "did you mean 'round-robin'?",
            "allowed: round-robin, random, least-requests, power-of-two, peak-ewma, consistent-hash, maglev, first-available");
    }

    [Fact]
    public void Hash_on_a_non_hash_policy()
    {
        var error = ErrorFor(WithCluster("policy: least-requests\nhash: { key: client-ip }\n" + OneDestination), "clusters.web.hash");

        AssertError(error, 6, 5, "'hash' applies only to the hash policies (consistent-hash or maglev)", "policy is least-requests");
    }

    [Fact]
    public void Hash_on_the_default_policy()
    {
        var error = ErrorFor(WithCluster("hash: { key: client-ip }\n" + OneDestination), "clusters.web.hash");

        AssertError(error, 5, 5, "policy is round-robin");
    }

    [Fact]
    public void Hash_policy_without_a_hash_key()
    {
        var error = ErrorFor(WithCluster("policy: consistent-hash\n" + OneDestination), "clusters.web.policy");

        AssertError(error, 5, 13, "needs hash.key", "header:NAME, cookie:NAME, query:NAME, path or client-ip");
    }

    [Fact]
    public void Hash_block_without_key()
    {
        var error = ErrorFor(WithCluster("policy: maglev\nhash: { balance-factor: 1.5 }\n" + OneDestination), "clusters.web.hash.key");

        AssertError(error, 6, 5, "'key' is required");
    }

    [Theory]
    [InlineData("header", "names no header; write header:NAME")]
    [InlineData("body:user", "is not a hash key; allowed: header:NAME, cookie:NAME, query:NAME, path or client-ip")]
    [InlineData("path:x", "path takes no name")]
    [InlineData("cookie:a b", "'a b' is not a valid cookie name")]
    public void Bad_hash_key_syntax(string key, string message)
    {
        var error = ErrorFor(WithCluster($"policy: maglev\nhash: {{ key: \"{key}\" }}\n" + OneDestination), "clusters.web.hash.key");

        AssertError(error, 6, 18, message);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("0.5")]
    public void Balance_factor_must_exceed_one(string factor)
    {
        var error = ErrorFor(WithCluster($"policy: maglev\nhash: {{ key: path, balance-factor: {factor} }}\n" + OneDestination),
            "clusters.web.hash.balance-factor");

        AssertError(error, 6, 40, "must be > 1", "omit it for unbounded");
    }

    /// <summary>
    /// Header affinity has no expiry (YARP's CustomHeader carries only the destination), so a ttl there was accepted
    /// and never applied while the audit judged an expiring affinity. It is refused at its own line.
    /// </summary>
    [Fact]
    public void Affinity_ttl_with_header_mode_is_refused_at_the_ttl()
    {
        var error = ErrorFor(WithCluster("affinity: { mode: header, ttl: 1h }\n" + OneDestination), "clusters.web.affinity.ttl");

        AssertError(error, 5, 36, "applies only to mode: cookie", "header affinity never expires", "Remove 'ttl'");
    }

    /// <summary>
    /// first-available takes the first eligible destination and never reads the ramped weight, so a slow-start there
    /// was accepted and never applied. Refused at the slow-start; with a sharing policy it loads.
    /// </summary>
    [Fact]
    public void Slow_start_with_first_available_is_refused_at_the_slow_start()
    {
        var error = ErrorFor(WithCluster("policy: first-available\nslow-start: 30s\n" + OneDestination), "clusters.web.slow-start");

        AssertError(error, 6, 17, "no effect with policy first-available", "never reads the ramped weight", "Remove 'slow-start'");
    }

    [Theory]
    [InlineData("round-robin")]
    [InlineData("maglev\nhash: { key: path }")]
    public void Slow_start_with_a_sharing_policy_loads(string policy) =>
        Assert.Equal(TimeSpan.FromSeconds(30), Load(WithCluster($"policy: {policy}\nslow-start: 30s\n" + OneDestination)).Clusters.Single().SlowStart);

    [Theory]
    [InlineData("affinity: { mode: cookie, ttl: 1h }")]
    [InlineData("affinity: { ttl: 30m }")]
    [InlineData("affinity: { mode: header }")]
    public void Affinity_ttl_with_cookie_mode_and_header_mode_without_ttl_load(string affinity)
    {
        var config = Load(WithCluster(affinity + "\n" + OneDestination));

        Assert.NotNull(config.Clusters[0].Affinity);
    }

    [Fact]
    public void Affinity_mode_and_failure_must_be_known()
    {
        var errors = Errors(WithCluster("affinity: { mode: session, failure: retry }\n" + OneDestination));

        Assert.Equal(["clusters.web.affinity.mode", "clusters.web.affinity.failure"], errors.Select(e => e.Field));
        AssertError(errors[0], 5, 23, "'session' is not allowed", "allowed: cookie, header");
        AssertError(errors[1], 5, 41, "'retry' is not allowed", "allowed: redistribute, reject");
    }

    [Theory]
    [InlineData("30 seconds", "is not a duration")]
    [InlineData("30", "has no unit")]
    [InlineData("30sec", "unknown unit 'sec'")]
    [InlineData("-5s", "is negative")]
    [InlineData("0s", "must be greater than zero")]
    [InlineData("30s1m", "from the largest unit down")]
    public void Bad_durations(string duration, string message)
    {
        var error = ErrorFor(WithCluster($"slow-start: {duration}\n" + OneDestination), "clusters.web.slow-start");

        AssertError(error, 5, 17, message, "250ms, 30s, 5m");
    }

    [Fact]
    public void Zero_timeouts_are_refused()
    {
        var error = ErrorFor(WithCluster("timeouts: { connect: 0s }\n" + OneDestination), "clusters.web.timeouts.connect");

        AssertError(error, 5, 26, "'0s' is zero");
    }

    [Theory]
    [InlineData("unhealthy-after")]
    [InlineData("healthy-after")]
    public void Active_health_thresholds_must_be_at_least_one(string key)
    {
        var error = ErrorFor(WithCluster($"health:\n  active: {{ path: /health, {key}: 0 }}\n" + OneDestination),
            $"clusters.web.health.active.{key}");

        AssertError(error, 6, 34 + key.Length, "0 is too small; expected a whole number >= 1");
    }

    [Fact]
    public void Consecutive_failures_must_be_at_least_one()
    {
        var error = ErrorFor(WithCluster("health: { passive: { consecutive-failures: 0 } }\n" + OneDestination),
            "clusters.web.health.passive.consecutive-failures");

        AssertError(error, 5, 48, "expected a whole number >= 1");
    }

    [Theory]
    [InlineData("2s", "2s")]
    [InlineData("5s", "3s")]
    public void Active_health_timeout_must_be_shorter_than_the_interval(string timeout, string interval)
    {
        var error = ErrorFor(WithCluster($"health:\n  active: {{ path: /health, interval: {interval}, timeout: {timeout} }}\n" + OneDestination),
            "clusters.web.health.active.timeout");

        AssertError(error, 6, 55, $"timeout {timeout} is not shorter than interval {interval}");
    }

    [Fact]
    public void Active_health_interval_shorter_than_the_default_timeout()
    {
        var error = ErrorFor(WithCluster("health: { active: { path: /h, interval: 1s } }\n" + OneDestination), "clusters.web.health.active.interval");

        AssertError(error, 5, 45, "timeout 2s (the default) is not shorter than interval 1s");
    }

    [Fact]
    public void Active_health_path_must_start_with_a_slash()
    {
        var error = ErrorFor(WithCluster("health: { active: { path: health } }\n" + OneDestination), "clusters.web.health.active.path");

        AssertError(error, 5, 31, "does not start with '/'");
    }

    [Theory]
    [InlineData("101", "101 is too large")]
    [InlineData("-1", "-1 is too small")]
    public void Max_ejected_percent_must_be_within_0_to_100(string value, string message)
    {
        var error = ErrorFor(WithCluster($"health: {{ passive: {{ max-ejected-percent: {value} }} }}\n" + OneDestination),
            "clusters.web.health.passive.max-ejected-percent");

        AssertError(error, 5, 47, message, "a whole number from 0 to 100");
    }
}
