using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Fulcrum.Tests.Edge;

/// <summary>One TLS handshake with a chosen SNI name: which certificate does the server present for it?</summary>
internal static class TlsProbe
{
    public static async Task<X509Certificate2> ServerCertificateAsync(Uri server, string serverName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var tls = new SslStream(tcp.GetStream());
        // Trust is not what this probe checks (curl does that with --cacert): it only reads what was presented.
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = serverName,
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, timeout.Token);
        return X509CertificateLoader.LoadCertificate(tls.RemoteCertificate!.GetRawCertData());
    }
}
