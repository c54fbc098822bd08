using Fulcrum.Core.Config;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// The proxy listeners of one run with their loaded certificates (null for a listener without <c>tls</c>), loaded
/// before anything binds so a bad certificate stops the start (exit 4) instead of failing each handshake.
/// </summary>
internal sealed class EdgeListeners : IDisposable
{
    public EdgeListeners(IReadOnlyList<ListenerConfig> listeners, ILogger logger)
    {
        Listeners = listeners;
        var loaded = new List<ListenerCertificates?>();
        try
        {
            foreach (var listener in listeners)
            {
                loaded.Add(listener is { IsHttps: true, Tls: not null } ? new ListenerCertificates(listener, logger) : null);
            }
        }
        catch
        {
            loaded.ForEach(c => c?.Dispose());
            throw;
        }
        Certificates = loaded;
    }

    public IReadOnlyList<ListenerConfig> Listeners { get; }

    public IReadOnlyList<ListenerCertificates?> Certificates { get; }

    public void Dispose()
    {
        foreach (var certificates in Certificates)
        {
            certificates?.Dispose();
        }
    }
}
