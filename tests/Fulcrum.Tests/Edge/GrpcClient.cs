using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace Fulcrum.Tests.Edge;

/// <summary>A gRPC channel to one of the proxy's listeners, as a client of <paramref name="host"/> would open it.</summary>
internal static class GrpcClient
{
    /// <summary>
    /// The client asks for <paramref name="host"/> (its :authority, SNI and the name it verifies) and connects to
    /// <paramref name="listener"/>'s port on 127.0.0.1; over TLS it trusts only <paramref name="ca"/>. Cleartext
    /// channels speak h2c with prior knowledge, as Grpc.Net.Client does for http:// addresses.
    /// </summary>
    public static GrpcChannel Channel(Uri listener, string host, X509Certificate2 ca)
    {
        var address = new Uri($"{listener.Scheme}://{host}:{listener.Port}");
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, listener.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust only the test's CA; the name is still checked.
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>
    /// A bidi call of <paramref name="count"/> messages, each answer read before the next message is sent (the stream
    /// is interactive end to end); asserts it ends with OK and returns the answers.
    /// </summary>
    public static async Task<List<string>> ChatAsync(CallInvoker calls, CallOptions options, int count, CancellationToken cancellationToken)
    {
        var echoed = new List<string>();
        using var chat = calls.AsyncDuplexStreamingCall(GrpcEcho.Chat, null, options);
        for (var i = 0; i < count; i++)
        {
            await chat.RequestStream.WriteAsync($"m{i}", cancellationToken);
            Assert.True(await chat.ResponseStream.MoveNext(cancellationToken));
            echoed.Add(chat.ResponseStream.Current);
        }
        await chat.RequestStream.CompleteAsync();
        Assert.False(await chat.ResponseStream.MoveNext(cancellationToken));
        Assert.Equal(StatusCode.OK, chat.GetStatus().StatusCode);
        return echoed;
    }
}
