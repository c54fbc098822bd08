using Fulcrum.Tests.Support;

namespace Fulcrum.Tests.EndToEnd;

/// <summary>Hash keys and session affinity read from real requests through the proxy.</summary>
public sealed class StickyRoutingTests
{
    [Theory]
    [InlineData("consistent-hash")]
    [InlineData("maglev")]
    public async Task Hash_policies_send_each_user_to_one_backend_and_spread_users(string policy)
    {
        var config = Configs.OneCluster(policy, "a: { address: \"{a}\" }\nb: { address: \"{b}\" }\nc: { address: \"{c}\" }",
            clusterExtra: "hash: { key: \"header:X-User-Id\", balance-factor: 1.25 }");
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(3), force: true);

        var placement = new Dictionary<string, HashSet<string>>();
        for (var user = 0; user < 60; user++)
        {
            for (var repeat = 0; repeat < 3; repeat++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/") { Headers = { { "X-User-Id", $"user-{user}" } } };
                using var response = await rig.Client.SendAsync(request);
                var backend = response.Headers.GetValues("X-Backend").Single();
                (placement.TryGetValue($"user-{user}", out var set) ? set : placement[$"user-{user}"] = []).Add(backend);
            }
        }

        // Sequential requests: nothing is in flight, so the load bound never overrides the key's home.
        Assert.All(placement.Values, backends => Assert.Single(backends));
        Assert.Equal(3, placement.Values.Select(v => v.Single()).Distinct().Count());
    }

    [Fact]
    public async Task Cookie_affinity_keeps_a_client_on_its_backend()
    {
        var config = Configs.Weighted("round-robin", 1, 1, 1)
            .Replace("journal:", "    affinity: { mode: cookie, ttl: 1h, failure: redistribute }\njournal:", StringComparison.Ordinal);
        await using var rig = await ProxyRig.StartAsync(config, ProxyRig.Named(3), force: true);
        using var handler = new HttpClientHandler { UseCookies = true, CookieContainer = new System.Net.CookieContainer() };
        using var client = new HttpClient(handler) { BaseAddress = rig.Server.ProxyAddress };

        var seen = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            using var response = await client.GetAsync("/");
            seen.Add(response.Headers.GetValues("X-Backend").Single());
        }

        Assert.Single(seen);
        Assert.Contains(handler.CookieContainer.GetAllCookies(), c => c.Name.StartsWith(".Fulcrum.Affinity", StringComparison.Ordinal));
    }
}
