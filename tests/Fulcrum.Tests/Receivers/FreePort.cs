using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Tests.Receivers;

/// <summary>A loopback port nobody is using right now (bind to 0, read it back, release it) for processes that need one.</summary>
internal static class FreePort
{
    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
