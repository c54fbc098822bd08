using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;

namespace Fulcrum.Hosting;

/// <summary>
/// The executable's admin listener: one Kestrel serves both <c>listen</c> and <c>admin.listen</c>, and requests are
/// told apart by the port they arrived on (never by the Host header, which a client chooses). The admin URL is
/// bound last, so it is the last address Kestrel reports once it has bound (port 0 included).
/// </summary>
internal sealed class AdminListener(IServer server, IHostApplicationLifetime lifetime) : IAdminAddress
{
    private Uri? _address;
    private int _port = -1;

    /// <summary>Null until the server has bound (before that, Kestrel reports the configured URLs, port 0 included).</summary>
    public Uri? Address => Bound() ? _address : null;

    /// <summary>The admin port; -1 before the server has bound, so nothing counts as the admin listener then.</summary>
    public int Port => Bound() ? _port : -1;

    public Uri ProxyAddress => ProxyAddresses[0];

    /// <summary>Every proxy listener's bound address in <c>listen</c> order: all of Kestrel's but the last (the admin one).</summary>
    public IReadOnlyList<Uri> ProxyAddresses => [.. server.Features.Get<IServerAddressesFeature>()!.Addresses.SkipLast(1).Select(a => new Uri(a))];

    private bool Bound()
    {
        if (Volatile.Read(ref _port) >= 0)
        {
            return true;
        }
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return false;
        }
        _address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.Last());
        Volatile.Write(ref _port, _address.Port);
        return true;
    }
}
