namespace Fulcrum.Operations;

// The admin API's JSON shapes (docs/admin-api.md). Each property is a wire field, camelCased by AdminJson: add
// fields at will, never rename one. Declaration order is the order on the wire.

/// <summary>One cluster in <c>GET /api/clusters</c>.</summary>
internal sealed record ClusterView(
    string Name,
    string Policy,
    bool Panic,
    double? FairnessIndex,
    long WindowRequests,
    long WindowErrors,
    double ErrorRate,
    double? P50Ms,
    double? P99Ms,
    double WindowSeconds,
    string Promise,
    string PromisedQuantity,
    string? Advisory,
    VerdictView Verdict,
    IEnumerable<DestinationView> Destinations,
    IEnumerable<SharePointView> History);

/// <summary>A cluster's verdict in <c>GET /api/clusters</c>.</summary>
internal sealed record VerdictView(string State, string? Signal, string? Destination, double? Deviation, DateTimeOffset? Since, string Summary);

/// <summary>One destination of a cluster in <c>GET /api/clusters</c>.</summary>
internal sealed record DestinationView(
    string Name,
    string? Address,
    int Weight,
    double Ramp,
    double? Capacity,
    bool Healthy,
    bool Ejected,
    bool Eligible,
    double ExpectedShare,
    double FairShare,
    double ActualShare,
    int InFlight,
    double? AverageInFlight,
    long Requests,
    long Errors,
    double ErrorRate,
    long ClientFaults,
    long ProxyFaults,
    long BackendFaults,
    double? P50Ms,
    double? P99Ms,
    double? Promised,
    double RequestsPerSecond,
    double? CapacityLoad);

/// <summary>One point of a cluster's share history in <c>GET /api/clusters</c>.</summary>
internal sealed record SharePointView(
    DateTimeOffset Time,
    Dictionary<string, double> Shares,
    Dictionary<string, double> Expected,
    Dictionary<string, double> Fair,
    long WindowRequests);

/// <summary>One alert in <c>GET /api/alerts</c>.</summary>
internal sealed record AlertView(
    string Id,
    string Name,
    string Cluster,
    string? Destination,
    string State,
    DateTimeOffset Since,
    string Summary,
    string? Cause,
    DateTimeOffset? FiredAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<int> NotifiedTiers);

/// <summary>One journal event in <c>GET /api/events</c>.</summary>
internal sealed record EventView(
    long Id,
    DateTimeOffset Time,
    string Kind,
    string? Cluster,
    string? Destination,
    string Summary,
    string? Details,
    string? AlertId,
    string? Instance);

/// <summary>Every refusal of the admin API: <c>{"error": "..."}</c>.</summary>
internal sealed record ErrorBody(string Error);

/// <summary>409 of <c>POST /api/alerts/{id}/ack</c>: why, and the alert as it is.</summary>
internal sealed record AlertConflictBody(string Error, AlertView Alert);

/// <summary><c>GET /api/config/serving</c>.</summary>
internal sealed record ServingConfigView(
    DateTimeOffset AppliedAt,
    string Trigger,
    bool Forced,
    string? ForcedBy,
    string? AppliedBy,
    string? Reason,
    int ErrorFindings,
    string Source,
    string Sha256,
    string? File,
    string? FileSha256,
    string? FileError,
    bool? DiffersFromDisk);
