using System.Text;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Fulcrum.Tests.Edge;

/// <summary>
/// A small gRPC service defined in code (methods with UTF-8 string messages, no .proto and no protoc): one method
/// of each kind, so the tests can check unary and every streaming shape through the proxy.
/// </summary>
internal static class GrpcEcho
{
    private const string Service = "fulcrum.test.Echo";

    private static readonly Marshaller<string> Text = Marshallers.Create(Encoding.UTF8.GetBytes, Encoding.UTF8.GetString);

    /// <summary>Answers "echo: " and the request.</summary>
    public static Method<string, string> Unary { get; } = new(MethodType.Unary, Service, "Unary", Text, Text);

    /// <summary>The request is "count[:delayMs]": answers "0", "1", … count−1, in order, until the client cancels.</summary>
    public static Method<string, string> Count { get; } = new(MethodType.ServerStreaming, Service, "Count", Text, Text);

    /// <summary>Answers with the number of messages and all of them joined by ',', once the client ends its stream.</summary>
    public static Method<string, string> Join { get; } = new(MethodType.ClientStreaming, Service, "Join", Text, Text);

    /// <summary>Answers every message with "echo: " and the message, as it arrives.</summary>
    public static Method<string, string> Chat { get; } = new(MethodType.DuplexStreaming, Service, "Chat", Text, Text);
}

/// <summary>The service instance gRPC activates per call; the methods are registered by <see cref="GrpcEchoMethods"/>.</summary>
internal sealed class GrpcEchoService
{
    public Task<string> UnaryAsync(string request, ServerCallContext context) => Task.FromResult("echo: " + request);

    public async Task CountAsync(string request, IServerStreamWriter<string> responses, ServerCallContext context)
    {
        var parts = request.Split(':');
        var count = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var delay = parts.Length > 1 ? TimeSpan.FromMilliseconds(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        for (var i = 0; i < count && !context.CancellationToken.IsCancellationRequested; i++)
        {
            await responses.WriteAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture), context.CancellationToken);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.CancellationToken);
            }
        }
    }

    public async Task<string> JoinAsync(IAsyncStreamReader<string> requests, ServerCallContext context)
    {
        var received = new List<string>();
        await foreach (var message in requests.ReadAllAsync(context.CancellationToken))
        {
            received.Add(message);
        }
        return $"{received.Count}:{string.Join(',', received)}";
    }

    public async Task ChatAsync(IAsyncStreamReader<string> requests, IServerStreamWriter<string> responses, ServerCallContext context)
    {
        await foreach (var message in requests.ReadAllAsync(context.CancellationToken))
        {
            await responses.WriteAsync("echo: " + message, context.CancellationToken);
        }
    }
}

/// <summary>Registers <see cref="GrpcEcho"/>'s methods on <see cref="GrpcEchoService"/>: what generated code would do.</summary>
internal sealed class GrpcEchoMethods : IServiceMethodProvider<GrpcEchoService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<GrpcEchoService> context)
    {
        context.AddUnaryMethod(GrpcEcho.Unary, [], (service, request, call) => service.UnaryAsync(request, call));
        context.AddServerStreamingMethod(GrpcEcho.Count, [], (service, request, responses, call) => service.CountAsync(request, responses, call));
        context.AddClientStreamingMethod(GrpcEcho.Join, [], (service, requests, call) => service.JoinAsync(requests, call));
        context.AddDuplexStreamingMethod(GrpcEcho.Chat, [], (service, requests, responses, call) => service.ChatAsync(requests, responses, call));
    }
}
