using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fulcrum.Admin;

// The fleet views' JSON shapes (docs/admin-api.md, "Fleet"). Each property is a wire field, camelCased by FleetJson:
// add fields at will, never rename one. Declaration order is the order on the wire.

/// <summary>One cluster in <c>GET /api/fleet/clusters</c>: the live instances' windows added up and judged.</summary>
internal sealed record FleetClusterView(
    string Name,
    string Policy,
    long WindowRequests,
    double? FairnessIndex,
    FleetVerdictView Verdict,
    IEnumerable<FleetDestinationView> Destinations,
    IEnumerable<FleetInstanceSplitView> Instances);

/// <summary>The fleet's verdict on a cluster.</summary>
internal sealed record FleetVerdictView(string State, string? Signal, string? Destination, double? Deviation, string Summary);

/// <summary>One destination of a fleet cluster.</summary>
internal sealed record FleetDestinationView(
    string Name,
    int Weight,
    double? Capacity,
    bool Eligible,
    double ExpectedShare,
    double ActualShare,
    long Requests,
    long Errors,
    double ErrorRate,
    double? AverageInFlight,
    double? P50Ms,
    double? P99Ms);

/// <summary>One instance's own split of a fleet cluster.</summary>
internal sealed record FleetInstanceSplitView(string Instance, long Requests, IEnumerable<FleetShareView> Shares, bool Skewed, string Summary);

/// <summary>A destination's share in one instance's split.</summary>
internal sealed record FleetShareView(string Destination, double Share);

/// <summary><c>GET /api/fleet/instances</c>: the latest version, the alert leader and each instance's drift.</summary>
internal sealed record FleetInstancesView(long? LatestVersion, FleetLeaderView? Leader, IEnumerable<FleetInstanceView> Instances);

/// <summary>The instance that evaluates the fleet's alerts.</summary>
internal sealed record FleetLeaderView(string Instance, DateTimeOffset Since, double LastEvaluationAgoMs);

/// <summary>One instance in <c>GET /api/fleet/instances</c>.</summary>
internal sealed record FleetInstanceView(
    string Name,
    int Pid,
    string Address,
    string AdminUrl,
    bool Live,
    DateTimeOffset Heartbeat,
    DateTimeOffset StartedAt,
    long? VersionServed,
    long? VersionRefused,
    string? RefusedReason,
    bool Drift,
    string State);

/// <summary>Source-generated JSON of the fleet views, with the admin API's options (camelCase, nulls written).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IEnumerable<FleetClusterView>))]
[JsonSerializable(typeof(FleetInstancesView))]
internal sealed partial class FleetJson : JsonSerializerContext;
