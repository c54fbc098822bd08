using System.CommandLine;
using Fulcrum.TestBackends;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum backend</c>: a test backend shaped like a real server, for demos, tests and benchmarks.</summary>
internal static class BackendCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port", "-p") { Description = "Port to listen on (0 picks a free one).", Required = true };
        var name = new Option<string?>("--name", "-n") { Description = "Body and X-Backend header of each answer (default: the port)." };
        var latency = CliOptions.Duration("--latency", "Service time of each request (e.g. 20ms).", TimeSpan.Zero);
        var concurrency = new Option<int?>("--concurrency") { Description = "Requests served at once; the rest wait in a queue (default unlimited)." };
        var capacity = new Option<int?>("--capacity") { Description = "Requests in the server (served + queued) beyond which it answers 503 at once." };
        var failRate = new Option<double>("--fail-rate") { Description = "Fraction of requests answered 500 (0 to 1).", DefaultValueFactory = _ => 0 };
        var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => "127.0.0.1" };

        var command = new Command("backend", "Run a test backend: service time, a concurrency limit with a queue, a capacity cutoff and a fail rate.")
        {
            port, name, latency, concurrency, capacity, failRate, host,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(failRate) is < 0 or > 1)
            {
                result.AddError("--fail-rate must be between 0 and 1");
            }
            if (result.GetValue(concurrency) is < 1)
            {
                result.AddError("--concurrency must be at least 1");
            }
            if (result.GetValue(capacity) is < 1)
            {
                result.AddError("--capacity must be at least 1");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TestBackendOptions
            {
                Port = parse.GetValue(port),
                Name = parse.GetValue(name),
                Latency = parse.GetValue(latency),
                Concurrency = parse.GetValue(concurrency),
                Capacity = parse.GetValue(capacity),
                FailRate = parse.GetValue(failRate),
                Host = parse.GetValue(host)!,
            };
            await using var backend = await TestBackend.StartAsync(options, cancellationToken);
            Console.WriteLine($"backend {backend.Name} listening on {backend.Address} (latency {options.Latency.TotalMilliseconds} ms, concurrency {options.Concurrency?.ToString() ?? "unlimited"}, capacity {options.Capacity?.ToString() ?? "unlimited"}, fail-rate {options.FailRate})");
            try
            {
                // The web host stops on SIGTERM/Ctrl+C by itself; waiting on it (not on a bare delay) lets the process exit then.
                await backend.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            return 0;
        });
        return command;
    }
}
