using System.Globalization;
using System.Text.Json.Nodes;

namespace Fulcrum.Tests.Dashboard;

/// <summary>
/// Admin API answers shaped exactly like the contract in DESIGN.md: one skewed cluster where destination
/// <c>a</c> (weight 5) is favored and overloaded, one balanced cluster with an ejected destination, and alerts.
/// </summary>
internal static class CannedAdminData
{
    public const string ImbalanceAlertId = "imbalance-web-a";

    public static JsonArray Clusters(DateTimeOffset now) =>
    [
        new JsonObject
        {
            ["name"] = "web",
            ["policy"] = "round-robin",
            ["panic"] = false,
            ["fairnessIndex"] = 0.612,
            ["windowRequests"] = 12480,
            ["verdict"] = new JsonObject
            {
                ["state"] = "skewed",
                ["signal"] = "overload",
                ["destination"] = "a",
                ["deviation"] = 1.13,
                ["since"] = Iso(now.AddSeconds(-95)),
                ["summary"] = "a is overloaded: 71.0 % of traffic against a fair share of 33.3 %, error rate 8.1 % vs 0.2 %",
            },
            ["destinations"] = new JsonArray
            {
                Destination("a", "http://127.0.0.1:9001", 5, expected: 0.714, fair: 0.333, actual: 0.71, inFlight: 31, errorRate: 0.081, p99: 812),
                Destination("b", "http://127.0.0.1:9002", 1, expected: 0.143, fair: 0.333, actual: 0.146, inFlight: 2, errorRate: 0.0016, p99: 5.1),
                Destination("c", "http://127.0.0.1:9003", 1, expected: 0.143, fair: 0.333, actual: 0.144, inFlight: 1, errorRate: 0.0022, p99: 5.6),
            },
            ["history"] = History(now, ("a", 0.71), ("b", 0.146), ("c", 0.144)),
        },
        new JsonObject
        {
            ["name"] = "api",
            ["policy"] = "least-requests",
            ["panic"] = false,
            ["fairnessIndex"] = 0.991,
            ["windowRequests"] = 3310,
            ["verdict"] = new JsonObject
            {
                ["state"] = "balanced", ["signal"] = null, ["destination"] = null, ["deviation"] = null, ["since"] = null,
                ["summary"] = "within 20 % of expected",
            },
            ["destinations"] = new JsonArray
            {
                Destination("api-1", "http://10.0.0.11:8080", 1, expected: 0.5, fair: 0.5, actual: 0.52, inFlight: 4, errorRate: 0, p99: 18.2),
                Destination("api-2", "http://10.0.0.12:8080", 1, expected: 0.5, fair: 0.5, actual: 0.48, inFlight: 3, errorRate: 0.0006, p99: 21),
                Ejected("api-3", "http://10.0.0.13:8080"),
            },
            ["history"] = History(now, ("api-1", 0.52), ("api-2", 0.48)),
        },
    ];

    public static JsonObject ImbalanceAlert(DateTimeOffset since) => new()
    {
        ["id"] = ImbalanceAlertId,
        ["name"] = "imbalance",
        ["cluster"] = "web",
        ["destination"] = "a",
        ["state"] = "firing",
        ["since"] = Iso(since),
        ["summary"] = "a gets 71.0 % of requests against a fair share of 33.3 %",
        ["cause"] = "config change raised weight of a from 1 to 5 (fulcrum.yaml:14)",
    };

    private static JsonObject Destination(
        string name, string address, int weight, double expected, double fair, double actual, int inFlight, double errorRate, double p99)
    {
        const int requests = 5000;
        return new JsonObject
        {
            ["name"] = name,
            ["address"] = address,
            ["weight"] = weight,
            ["healthy"] = true,
            ["ejected"] = false,
            ["eligible"] = true,
            ["expectedShare"] = expected,
            ["fairShare"] = fair,
            ["actualShare"] = actual,
            ["inFlight"] = inFlight,
            ["requests"] = requests,
            ["errors"] = (int)Math.Round(requests * errorRate),
            ["errorRate"] = errorRate,
            ["p50Ms"] = p99 / 4,
            ["p99Ms"] = p99,
        };
    }

    private static JsonObject Ejected(string name, string address) => new()
    {
        ["name"] = name, ["address"] = address, ["weight"] = 1, ["healthy"] = false, ["ejected"] = true, ["eligible"] = false,
        ["expectedShare"] = 0.0, ["fairShare"] = 0.0, ["actualShare"] = 0.0, ["inFlight"] = 0, ["requests"] = 0, ["errors"] = 0,
        ["errorRate"] = null, ["p50Ms"] = null, ["p99Ms"] = null,
    };

    // Five minutes of samples every 5 s; a small deterministic wobble so the chart has something to draw.
    private static JsonArray History(DateTimeOffset now, params (string Name, double Share)[] shares)
    {
        var history = new JsonArray();
        for (var i = 59; i >= 0; i--)
        {
            var sample = new JsonObject();
            foreach (var (name, share) in shares)
            {
                sample[name] = share + (i % 3 - 1) * 0.01;
            }
            history.Add(new JsonObject { ["time"] = Iso(now.AddSeconds(-5 * i)), ["shares"] = sample });
        }
        return history;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
