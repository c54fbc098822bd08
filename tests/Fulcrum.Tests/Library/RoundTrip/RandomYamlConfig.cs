using System.Net;
using Fulcrum.Core.Config;

namespace Fulcrum.Tests.Library.RoundTrip;

/// <summary>
/// Seeded random configs whose clusters, destinations and routes set every setting that travels through YARP to a
/// valid value other than its default, so a setting the mapper or the reader drops cannot hide behind its default.
/// </summary>
internal sealed class RandomYamlConfig(int seed)
{
    private readonly Random _random = new(seed);

    public FulcrumConfig Next()
    {
        var clusters = Enumerable.Range(0, _random.Next(1, 4)).Select(i => Cluster($"c{i}")).ToArray();
        var routes = Enumerable.Range(0, _random.Next(1, 4)).Select(i => Route(i, Pick(clusters).Name)).ToArray();
        return new FulcrumConfig
        {
            Listen = ["http://127.0.0.1:0"],
            Admin = AdminConfig.Default,
            Routes = routes,
            Clusters = clusters,
            Fairness = FairnessConfig.Default,
            Alerts = AlertsConfig.Default,
            Journal = new JournalConfig(JournalConfig.DefaultPath),
            Forwarded = Forwarded(),
        };
    }

    /// <summary><c>forwarded</c>: what the mapper turns into YARP route transforms and route metadata.</summary>
    public ForwardedConfig Forwarded() =>
        new(Pick([ForwardedMode.Set, ForwardedMode.Append]), [], Pick([ForwardedHost.Rewrite, ForwardedHost.Pass]), Coin(), Coin())
        {
            Path = Pick([ForwardedPath.AsReceived, ForwardedPath.Normalized]),
        };

    private RouteConfig Route(int index, string cluster) => new(
        $"r{index}",
        new RouteMatch($"/p{index}/{{**rest}}", Enumerable.Range(0, _random.Next(0, 3)).Select(h => $"h{h}.example{_random.Next(100)}.com").ToArray()),
        cluster);

    private ClusterConfig Cluster(string name)
    {
        var policy = Pick(Enum.GetValues<PolicyKind>());
        var tls = Coin() ? Tls() : null;
        var scheme = tls is null ? "http" : "https";
        var count = _random.Next(1, 5);
        var sni = tls?.Sni is null && count >= 2 && Coin() ? DestinationSni(count) : new string?[count];
        var timeouts = new TimeoutsConfig(Coin() ? Millis(1, 60_000) : null, Coin() ? Millis(2, 600_000) : null);
        return new ClusterConfig
        {
            Name = name,
            Policy = policy,
            Destinations = Enumerable.Range(0, count)
                .Select(i => new DestinationConfig(
                    $"d{i}",
                    new Uri($"{scheme}://127.0.0.{_random.Next(1, 255)}:{_random.Next(1024, 65535)}/"),
                    _random.Next(2, 1000),
                    Coin() ? Math.Round(_random.NextDouble() * 5000, 3) + 0.5 : null) { Sni = sni[i] })
                .ToArray(),
            Hash = Policies.IsHashing(policy) ? Hash() : null,
            PeakEwma = policy == PolicyKind.PeakEwma
                ? new PeakEwmaConfig(_random.Next(3, PeakEwmaConfig.MaxChoices + 1), _random.Next(2, PeakEwmaConfig.MaxParallelism + 1), Coin() ? PeakEwmaCost.ExpectedDelay : PeakEwmaCost.Load)
                : PeakEwmaConfig.Default,
            Affinity = Coin() ? Affinity() : null,
            Health = new HealthConfig(Coin() ? Active() : null, Coin() ? Passive() : null),
            // first-available never reads the ramp, so a slow-start there is refused (as a ttl on header affinity).
            SlowStart = Coin() && policy != PolicyKind.FirstAvailable ? Millis(1, 600_000) : null,
            Timeouts = timeouts,
            Retries = Coin() ? Retries(timeouts.Request) : null,
            Tls = tls,
            HttpRequest = Coin()
                ? new HttpRequestConfig(Pick([HttpVersion.Version11, HttpVersion.Version20]), Pick(Enum.GetValues<HttpVersionPolicy>()))
                : null,
        };
    }

    private HashConfig Hash()
    {
        var source = Pick(Enum.GetValues<HashKeySource>());
        var named = source is HashKeySource.Header or HashKeySource.Cookie or HashKeySource.Query;
        return new HashConfig(new HashKey(source, named ? $"X-Key-{_random.Next(1000)}" : null), Coin() ? 1 + Math.Round(_random.NextDouble() * 3, 4) + 0.0001 : null);
    }

    // A ttl only goes with cookie affinity: YARP's header affinity has no expiry to carry it (see the allow-list).
    private AffinityConfig Affinity()
    {
        var mode = Pick([AffinityMode.Cookie, AffinityMode.Header]);
        return new AffinityConfig(mode, mode == AffinityMode.Cookie ? Millis(1000, 86_400_000) : null, Pick([AffinityFailure.Redistribute, AffinityFailure.Reject]));
    }

    private ActiveHealthConfig Active()
    {
        var interval = Millis(2, 120_000);
        return new ActiveHealthConfig(
            $"/health{_random.Next(1000)}",
            interval,
            TimeSpan.FromMilliseconds(_random.Next(1, (int)interval.TotalMilliseconds)),
            _random.Next(4, 1001),
            _random.Next(3, 1001));
    }

    private PassiveHealthConfig Passive() =>
        new(_random.Next(6, 1_000_001), Millis(1, 3_600_000), Pick([.. Enumerable.Range(0, 101).Where(p => p != 50)]));

    // A per-try timeout is shorter than the request timeout: it takes its place on each try, so one as long is refused.
    private RetryConfig Retries(TimeSpan? request) =>
        new(_random.Next(1, RetryConfig.MaxAttempts + 1), Math.Round(_random.NextDouble(), 4) + 0.0001,
            Coin() ? Millis(1, request is { } r ? Math.Min(60_000, (int)r.TotalMilliseconds - 1) : 60_000) : null, Pick(Enum.GetValues<RetryMethods>()))
        {
            // Any non-empty set of words other than the default.
            On = Pick([.. Enumerable.Range(1, 31).Select(i => (RetryOn)i).Where(on => on != RetryOn.Default)]),
        };

    private BackendTlsConfig Tls()
    {
        var insecure = Coin();
        var client = Coin();
        return new BackendTlsConfig(
            insecure ? null : $"/etc/fulcrum/ca-{_random.Next(1000)}.pem",
            Coin() ? $"web{_random.Next(1000)}.internal" : null,
            client ? $"/etc/fulcrum/client-{_random.Next(1000)}.pem" : null,
            client ? $"/etc/fulcrum/client-{_random.Next(1000)}.key" : null,
            insecure);
    }

    /// <summary>
    /// Per-destination server names as a YARP config gives them: not one shared name (that reads as the cluster's
    /// tls.sni), so d0 has its own and d1 none or another; the rest any.
    /// </summary>
    private string?[] DestinationSni(int count)
    {
        var names = new string?[count];
        names[0] = $"d0-{_random.Next(1000)}.internal";
        names[1] = Coin() ? null : $"d1-{_random.Next(1000)}.internal";
        for (var i = 2; i < count; i++)
        {
            names[i] = Coin() ? null : $"d{i}-{_random.Next(1000)}.internal";
        }
        return names;
    }

    private TimeSpan Millis(int min, int max) => TimeSpan.FromMilliseconds(_random.Next(min, max));

    private bool Coin() => _random.Next(2) == 0;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
