using System.CommandLine;
using Fulcrum.Hosting;
using Fulcrum.TestBackends;

namespace Fulcrum.Cli;

/// <summary>
/// <c>fulcrum demo</c>: three in-process backends of different speeds, the proxy on 127.0.0.1:8080 with a
/// built-in config, and light generated traffic, so the dashboard is alive at once.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "Proxy address.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var admin = new Option<string>("--admin") { Description = "Admin and dashboard address.", DefaultValueFactory = _ => "http://127.0.0.1:9901" };
        var rate = new Option<int>("--rate") { Description = "Generated requests per second (0 for none).", DefaultValueFactory = _ => 40 };
        var logFormat = RunCommand.LogFormatOption();
        var command = new Command("demo", "Start a demo: three backends of different speeds, the proxy, the dashboard and light traffic.")
        {
            listen, admin, rate, logFormat,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // From here on a stop signal stops the demo, even while its hosts are still starting (see StopSignals).
            using var signals = new StopSignals(cancellationToken);
            var stop = signals.Token;
            var backends = new List<TestBackend>();
            try
            {
                foreach (var (name, latency) in DemoConfig.Backends)
                {
                    backends.Add(await TestBackend.StartAsync(new TestBackendOptions { Name = name, Latency = latency, Concurrency = 32, Capacity = 256 }, stop));
                }
                Console.WriteLine($"demo: backends {string.Join(", ", backends.Select(b => $"{b.Name}={b.Address}"))}; starting the proxy");
                var yaml = DemoConfig.Yaml(parse.GetValue(listen)!, parse.GetValue(admin)!, backends);
                // The demo's destinations are its own backends, just started: YARP probes them first one interval from now.
                var options = new FulcrumServerOptions { ConfigYaml = yaml, ConfigPath = "demo.yaml", LogFormat = parse.GetValue(logFormat), FirstProbeAtInterval = true };
                return await RunCommand.ServeAsync(options, (server, ct) =>
                {
                    Console.WriteLine($"demo: dashboard at {server.AdminAddress}  ·  try: curl {server.ProxyAddress}  ·  Ctrl+C to stop");
                    _ = DemoTraffic.RunAsync(server.ProxyAddress, parse.GetValue(rate), ct);
                    return Task.CompletedTask;
                }, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Stopped while starting: what had started is stopped below, as after a normal run.
                Console.WriteLine("demo: stopped while starting");
                return ExitCodes.Ok;
            }
            finally
            {
                foreach (var backend in backends)
                {
                    await backend.DisposeAsync();
                }
            }
        });
        return command;
    }
}
