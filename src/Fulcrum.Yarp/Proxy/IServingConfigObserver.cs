using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Proxy;

/// <summary>
/// Told by <see cref="FulcrumConfigListener"/> what YARP did with a config, before anyone else is: the journal and
/// the alert bookkeeping must see a new config before the first request it serves is judged.
/// </summary>
internal interface IServingConfigObserver
{
    void OnApplied(IReadOnlyList<IProxyConfig> proxyConfigs, FulcrumView view);

    void OnRefused(IReadOnlyList<IProxyConfig> proxyConfigs, Exception exception);
}
