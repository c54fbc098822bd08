namespace Fulcrum.Proxy;

/// <summary>Names under which Fulcrum's extensions are registered with YARP.</summary>
internal static class YarpNames
{
    public const string LoadBalancingPolicy = "Fulcrum";
    public const string AvailableDestinationsPolicy = "FulcrumEligible";
    public const string ActiveHealthPolicy = "FulcrumActive";
    public const string ConnectTimeoutMetadata = "Fulcrum.ConnectTimeout";
}
