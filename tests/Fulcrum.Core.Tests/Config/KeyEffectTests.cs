using Fulcrum.Core.Config;

namespace Fulcrum.Core.Tests.Config;

/// <summary>
/// Every key the loader accepts (<see cref="ConfigKeys"/>, which <see cref="SchemaSyncTests"/> and
/// <see cref="ConfigurationDocTests"/> keep equal to the schema and the docs), set alone to a non-default value in an
/// otherwise minimal config, either changes the loaded model or is refused with an error naming it. Accepted and
/// ignored is the one outcome not allowed. A key added to the loader without a case here fails
/// <see cref="Every_loader_key_has_a_case"/>.
/// </summary>
public sealed class KeyEffectTests
{
    /// <summary>
    /// Per key path: the value to set and the sibling settings it needs to be valid at all (the baseline has those
    /// too, so only the key itself differs). <c>*</c> stands for the one named entry (cluster web, destination a,
    /// receiver pager), <c>[]</c> for the one list item.
    /// </summary>
    private static readonly Dictionary<string, KeyCase> Cases = new KeyCase[]
    {
        new("listen", "[\"http://127.0.0.1:8081\"]"),
        new("listen[].url", "http://127.0.0.1:8082", Base: ["listen[].url: http://127.0.0.1:8081"]),
        new("listen[].tls", "{ certificates: [ { cert: /srv/fulcrum/c.pem, key: /srv/fulcrum/c.key } ], protocols: [tls1.3] }", With: ["listen[].url: https://127.0.0.1:8443"], Base: ["listen[].tls.certificates[].cert: /srv/fulcrum/c.pem", "listen[].tls.certificates[].key: /srv/fulcrum/c.key"]),
        new("listen[].tls.certificates", "[ { cert: /srv/fulcrum/d.pem, key: /srv/fulcrum/d.key } ]", With: ["listen[].url: https://127.0.0.1:8443"], Base: ["listen[].tls.certificates[].cert: /srv/fulcrum/c.pem", "listen[].tls.certificates[].key: /srv/fulcrum/c.key"]),
        new("listen[].tls.certificates[].cert", "/srv/fulcrum/d.pem", With: ["listen[].url: https://127.0.0.1:8443", "listen[].tls.certificates[].key: /srv/fulcrum/c.key"], Base: ["listen[].tls.certificates[].cert: /srv/fulcrum/c.pem"]),
        new("listen[].tls.certificates[].key", "/srv/fulcrum/d.key", With: ["listen[].url: https://127.0.0.1:8443", "listen[].tls.certificates[].cert: /srv/fulcrum/c.pem"], Base: ["listen[].tls.certificates[].key: /srv/fulcrum/c.key"]),
        new("listen[].tls.certificates[].hosts", "[shop.example]", With: ["listen[].url: https://127.0.0.1:8443", "listen[].tls.certificates[].cert: /srv/fulcrum/c.pem", "listen[].tls.certificates[].key: /srv/fulcrum/c.key"]),
        new("listen[].tls.protocols", "[tls1.3]", With: ["listen[].url: https://127.0.0.1:8443", "listen[].tls.certificates[].cert: /srv/fulcrum/c.pem", "listen[].tls.certificates[].key: /srv/fulcrum/c.key"]),
        new("listen[].http2", "true", With: ["listen[].url: http://127.0.0.1:8081"]),
        new("listen[].max-connections", "10", With: ["listen[].url: http://127.0.0.1:8081"]),
        new("limits", "{ headers-count: 50 }"),
        new("limits.request-body", "1MB"),
        new("limits.request-headers", "16KB"),
        new("limits.headers-count", "50"),
        new("limits.idle", "1m"),
        new("limits.request-headers-timeout", "10s"),
        new("limits.min-body-rate", "0"),
        new("limits.max-connections", "100"),
        new("forwarded", "{ mode: append }"),
        new("forwarded.mode", "append"),
        new("forwarded.trusted-proxies", "[10.0.0.0/8]"),
        new("forwarded.host", "pass"),
        new("forwarded.headers", "[forwarded]"),
        new("forwarded.path", "normalized"),
        new("admin", "{ listen: \"http://127.0.0.1:9902\" }"),
        new("admin.listen", "http://127.0.0.1:9902"),
        new("admin.token-env", "FULCRUM_TOKEN"),
        new("admin.token-name", "ops", With: ["admin.token-env: FULCRUM_TOKEN"]),
        new("routes", "[ { name: api, match: { path: \"/api/{**rest}\" }, cluster: web } ]"),
        new("routes[].name", "site", Base: ["routes[].name: web"]),
        new("routes[].match", "{ path: \"/api/{**rest}\" }"),
        new("routes[].match.path", "\"/api/{**rest}\""),
        new("routes[].match.hosts", "[shop.example]"),
        new("routes[].cluster", "api", With: ["clusters.api.destinations.b.address: http://127.0.0.1:9002"]),
        new("clusters", "{ web: { destinations: { a: { address: \"http://127.0.0.1:9009\" } } } }"),
        new("clusters.*.policy", "least-requests"),
        new("clusters.*.destinations", "{ b: { address: \"http://127.0.0.1:9001\" } }"),
        new("clusters.*.hash", "{ key: path }", With: ["clusters.*.policy: maglev"], Base: ["clusters.*.hash.key: client-ip"]),
        new("clusters.*.peak-ewma", "{ choices: 3 }", With: ["clusters.*.policy: peak-ewma"]),
        new("clusters.*.affinity", "{ failure: reject }"),
        new("clusters.*.health", "{ passive: {} }"),
        new("clusters.*.slow-start", "30s"),
        new("clusters.*.timeouts", "{ connect: 2s }"),
        new("clusters.*.retries", "{}"),
        new("clusters.*.tls", "{ insecure: true }", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001"]),
        new("clusters.*.http-request", "{ version: \"1.1\" }"),
        new("clusters.*.destinations.*.address", "http://127.0.0.1:9002"),
        new("clusters.*.destinations.*.weight", "3"),
        new("clusters.*.destinations.*.capacity", "100"),
        new("clusters.*.hash.key", "path", With: ["clusters.*.policy: consistent-hash"], Base: ["clusters.*.hash.key: client-ip"]),
        new("clusters.*.hash.balance-factor", "1.25", With: ["clusters.*.policy: consistent-hash", "clusters.*.hash.key: path"]),
        new("clusters.*.peak-ewma.choices", "3", With: ["clusters.*.policy: peak-ewma"]),
        new("clusters.*.peak-ewma.parallelism", "4", With: ["clusters.*.policy: peak-ewma"]),
        new("clusters.*.peak-ewma.cost", "expected-delay", With: ["clusters.*.policy: peak-ewma"]),
        new("clusters.*.affinity.mode", "header"),
        new("clusters.*.affinity.ttl", "1h"),
        new("clusters.*.affinity.failure", "reject"),
        new("clusters.*.health.active", "{ path: /health }"),
        new("clusters.*.health.passive", "{ ejection: 10s }"),
        new("clusters.*.health.active.path", "/ready", Base: ["clusters.*.health.active.path: /health"]),
        new("clusters.*.health.active.interval", "7s", With: ["clusters.*.health.active.path: /health"]),
        new("clusters.*.health.active.timeout", "1s", With: ["clusters.*.health.active.path: /health"]),
        new("clusters.*.health.active.unhealthy-after", "4", With: ["clusters.*.health.active.path: /health"]),
        new("clusters.*.health.active.healthy-after", "3", With: ["clusters.*.health.active.path: /health"]),
        new("clusters.*.health.passive.consecutive-failures", "3"),
        new("clusters.*.health.passive.ejection", "10s"),
        new("clusters.*.health.passive.max-ejected-percent", "20"),
        new("clusters.*.timeouts.connect", "2s"),
        new("clusters.*.timeouts.request", "20s"),
        new("clusters.*.retries.attempts", "2"),
        new("clusters.*.retries.budget", "10%"),
        new("clusters.*.retries.per-try-timeout", "1s"),
        new("clusters.*.retries.methods", "safe"),
        new("clusters.*.retries.retry-on", "[5xx]"),
        new("clusters.*.tls.ca", "/srv/fulcrum/ca.pem", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001"]),
        new("clusters.*.tls.sni", "api.internal", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001"]),
        new("clusters.*.tls.client-cert", "{ cert: /srv/fulcrum/client.pem, key: /srv/fulcrum/client.key }", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001"]),
        new("clusters.*.tls.insecure", "true", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001"]),
        new("clusters.*.tls.client-cert.cert", "/srv/fulcrum/other.pem", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001", "clusters.*.tls.client-cert.key: /srv/fulcrum/client.key"], Base: ["clusters.*.tls.client-cert.cert: /srv/fulcrum/client.pem"]),
        new("clusters.*.tls.client-cert.key", "/srv/fulcrum/other.key", With: ["clusters.*.destinations.*.address: https://127.0.0.1:9001", "clusters.*.tls.client-cert.cert: /srv/fulcrum/client.pem"], Base: ["clusters.*.tls.client-cert.key: /srv/fulcrum/client.key"]),
        new("clusters.*.http-request.version", "\"1.1\""),
        new("clusters.*.http-request.version-policy", "exact"),
        new("fairness", "{ tolerance: 0.3 }"),
        new("fairness.window", "1m"),
        new("fairness.tolerance", "0.3"),
        new("fairness.min-requests", "50"),
        new("fairness.for", "1m"),
        new("alerts", "{ group-wait: 10s }"),
        new("alerts.error-rate", "{ threshold: 0.1 }"),
        new("alerts.latency-p99", "{ threshold: 1s }"),
        new("alerts.escalation", "[ { after: 0s, notify: [pager] } ]", With: ["alerts.receivers.*.webhook: http://127.0.0.1:9100/hook"]),
        new("alerts.receivers", "{ pager: { webhook: \"http://127.0.0.1:9100/hook\" } }"),
        new("alerts.group-wait", "10s"),
        new("alerts.group-interval", "1m"),
        new("alerts.runbook-base", "https://wiki.example/runbooks"),
        new("alerts.error-rate.threshold", "0.1"),
        new("alerts.error-rate.for", "5m"),
        new("alerts.latency-p99.threshold", "1s"),
        new("alerts.latency-p99.for", "5m"),
        new("alerts.escalation[].after", "5m", With: ["alerts.escalation[].notify: [pager]", "alerts.receivers.*.webhook: http://127.0.0.1:9100/hook"], Base: ["alerts.escalation[].after: 0s"]),
        new("alerts.escalation[].notify", "[pager, ops]", With: ["alerts.escalation[].after: 0s", "alerts.receivers.*.webhook: http://127.0.0.1:9100/hook", "alerts.receivers.ops.webhook: http://127.0.0.1:9100/ops"], Base: ["alerts.escalation[].notify: [pager]"]),
        new("alerts.receivers.*.webhook", "http://127.0.0.1:9100/hook"),
        new("alerts.receivers.*.alertmanager", "http://127.0.0.1:9093"),
        new("journal", "{ path: other.db }"),
        new("journal.path", "other.db"),
        new("journal.max-age", "24h"),
        new("journal.max-size", "64MB"),
        new("fleet", "{ store: postgres, connection-env: FULCRUM_PG, instance: one }"),
        new("fleet.store", "postgres", With: ["fleet.connection-env: FULCRUM_PG", "fleet.instance: one"], Baseline: []),
        new("fleet.connection-env", "OTHER_PG", With: ["fleet.store: postgres", "fleet.instance: one"], Base: ["fleet.connection-env: FULCRUM_PG"]),
        new("fleet.instance", "two", With: ["fleet.store: postgres", "fleet.connection-env: FULCRUM_PG"], Base: ["fleet.instance: one"]),
        new("fleet.report-every", "5s", With: ["fleet.store: postgres", "fleet.connection-env: FULCRUM_PG", "fleet.instance: one"]),
        new("fleet.keep-versions", "10", With: ["fleet.store: postgres", "fleet.connection-env: FULCRUM_PG", "fleet.instance: one"]),
        new("audit", "{ every: 0s }"),
        new("audit.every", "10m"),
    }.ToDictionary(c => c.Key, StringComparer.Ordinal);

    public static TheoryData<string> LoaderKeys() => new(AllLoaderKeys());

    [Fact]
    public void Every_loader_key_has_a_case()
    {
        var missing = AllLoaderKeys().Where(k => !Cases.ContainsKey(k)).ToArray();
        var stale = Cases.Keys.Where(k => !AllLoaderKeys().Contains(k)).ToArray();

        Assert.True(missing.Length == 0, $"add a KeyEffectTests case (a non-default value) for: {string.Join(", ", missing)}");
        Assert.True(stale.Length == 0, $"KeyEffectTests has cases for keys the loader does not accept: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(LoaderKeys))]
    public void A_key_set_alone_changes_the_model_or_is_refused(string key)
    {
        var c = Cases[key];
        var baseline = ConfigTestHelper.Load(YamlTree.Render(Minimal.Concat(c.Baseline ?? c.With.Concat(c.Base ?? []))));
        var yaml = YamlTree.Render(Minimal.Concat(c.With).Append($"{key}: {c.Value}"));

        if (c.Refused)
        {
            var errors = ConfigTestHelper.Errors(yaml);
            Assert.Contains(errors, e => e.Location.Line > 0 && e.Field.Length > 0);
            return;
        }
        var loaded = LoadOrErrors(yaml, out var errorsText);
        Assert.True(loaded is not null, $"{key}: {c.Value} was refused; if that is right mark the case Refused. Errors:\n{errorsText}\n{yaml}");
        Assert.True(ModelDump.Of(baseline) != ModelDump.Of(loaded), $"{key}: {c.Value} was accepted and changed nothing in the loaded model:\n{yaml}");
    }

    private static readonly string[] Minimal =
    [
        "routes[].name: web",
        "routes[].match.path: \"/{**rest}\"",
        "routes[].cluster: web",
        "clusters.*.destinations.*.address: http://127.0.0.1:9001",
    ];

    private static FulcrumConfig? LoadOrErrors(string yaml, out string errors)
    {
        try
        {
            errors = "";
            return ConfigTestHelper.Load(yaml);
        }
        catch (ConfigException ex)
        {
            errors = string.Join("\n", ex.Errors);
            return null;
        }
    }

    private static SortedSet<string> AllLoaderKeys() =>
        new(ConfigKeys.Sections.SelectMany(s => s.Value.Select(key => s.Key.Length == 0 ? key : $"{s.Key}.{key}")), StringComparer.Ordinal);

    /// <param name="Base">What the baseline has in place of the key (for keys that are required or need a value to compare with).</param>
    /// <param name="Baseline">The baseline's settings instead of With and Base (for a required key with one allowed word: the baseline has no section).</param>
    /// <param name="Refused">The key set alone this way must be refused (e.g. an https listener without a certificate file).</param>
    private sealed record KeyCase(string Key, string Value, string[]? With = null, string[]? Base = null, string[]? Baseline = null, bool Refused = false)
    {
        public string[] With { get; } = With ?? [];
    }
}
