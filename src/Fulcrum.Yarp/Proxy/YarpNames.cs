namespace Fulcrum.Proxy;

/// <summary>Names under which Fulcrum's extensions are registered with YARP (policies use the contract's names).</summary>
internal static class YarpNames
{
    public const string AvailableDestinationsPolicy = "FulcrumEligible";
    public const string ActiveHealthPolicy = "FulcrumActive";
}
