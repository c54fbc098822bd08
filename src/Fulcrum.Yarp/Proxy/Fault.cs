namespace Fulcrum.Proxy;

/// <summary>
/// Whose fault a request's outcome was (docs/whose-fault.md). Only <see cref="Backend"/> feeds passive ejection,
/// peak EWMA's failure term and the error rate: a client that hangs up, or a limit of the proxy's own, must not
/// make a healthy destination look sick — otherwise any client could eject backends at will.
/// </summary>
internal enum Fault
{
    /// <summary>The request ended cleanly (any status the backend chose below 500, or a WebSocket session).</summary>
    None,
    /// <summary>The destination failed: no connection, a 5xx, a timeout waiting for it, a broken stream from it.</summary>
    Backend,
    /// <summary>The client went away or failed to send or receive: aborted, cancelled, broken upload.</summary>
    Client,
    /// <summary>The proxy itself refused or ended the request: its own body limits, idle limits, no destination.</summary>
    Proxy,
}

internal static class Faults
{
    /// <summary>Labels of <c>fulcrum_request_outcomes_total{fault}</c>.</summary>
    public const string BackendLabel = "backend";
    public const string ClientLabel = "client";
    public const string ProxyLabel = "proxy";

    /// <summary>nginx's "client closed request": what the fairness window records for a client fault.</summary>
    public const int ClientClosedRequest = 499;
}
