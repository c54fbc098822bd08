using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fulcrum.Tests.Support;
using Fulcrum.TestBackends;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// A fleet under test: real backends a, b, c (in-process), one fresh database in the class's PostgreSQL, and
/// <c>fulcrum run</c> processes that share it, each with its own config file (port 0, own spool journal) and
/// instance name. <see cref="Config"/> renders a config over the backends with the fleet block.
/// </summary>
public sealed partial class FleetRig : IAsyncDisposable
{
    private readonly Dictionary<string, FleetInstance> _instances = new(StringComparer.Ordinal);

    private FleetRig(PostgresServer postgres, string connectionString, string folder, IReadOnlyList<TestBackend> backends)
    {
        Postgres = postgres;
        ConnectionString = connectionString;
        Folder = folder;
        Backends = backends;
    }

    public PostgresServer Postgres { get; }
    public string ConnectionString { get; }
    public string Folder { get; }
    public IReadOnlyList<TestBackend> Backends { get; }

    public FleetInstance this[string name]
    {
        get
        {
            lock (_instances)
            {
                return _instances[name];
            }
        }
    }

    public static async Task<FleetRig> StartAsync(PostgresServer postgres, string database)
    {
        var connection = await postgres.CreateDatabaseAsync(database);
        var backends = new List<TestBackend>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            backends.Add(await TestBackend.StartAsync(new TestBackendOptions { Name = name }));
        }
        return new FleetRig(postgres, connection, Directory.CreateTempSubdirectory("fulcrum-fleet-").FullName, backends);
    }

    /// <summary>One cluster over a, b, c with these weights, each of capacity 100; the fleet block reads the instance name from FULCRUM_INSTANCE.</summary>
    public string Config(int wa, int wb, int wc, string policy = "round-robin", string extra = "", string fairness = "{ window: 5m, min-requests: 50 }") => string.Join("\n",
        "listen: [http://127.0.0.1:0]",
        "admin: { listen: http://127.0.0.1:0 }",
        "routes:",
        "  - { name: all, match: { path: \"/{**rest}\" }, cluster: web }",
        "clusters:",
        "  web:",
        $"    policy: {policy}",
        "    destinations:",
        $"      a: {{ address: \"{Backends[0].Address}\", weight: {wa}, capacity: 100 }}",
        $"      b: {{ address: \"{Backends[1].Address}\", weight: {wb}, capacity: 100 }}",
        $"      c: {{ address: \"{Backends[2].Address}\", weight: {wc}, capacity: 100 }}",
        $"fairness: {fairness}",
        $"journal: {{ path: \"{Folder}/journal-${{FULCRUM_INSTANCE}}.db\" }}",
        "fleet:",
        "  store: postgres",
        "  connection-env: FULCRUM_STORE",
        "  instance: ${FULCRUM_INSTANCE}",
        "  report-every: 500ms",
        extra);

    /// <summary>Starts (or restarts) instance <paramref name="name"/> from <paramref name="yaml"/> and waits until it serves.</summary>
    public async Task<FleetInstance> StartInstanceAsync(string name, string yaml)
    {
        var path = Path.Combine(Folder, $"{name}.yaml");
        // Each instance has its own spool journal: the ${FULCRUM_INSTANCE} in the template is for the fleet block only.
        await File.WriteAllTextAsync(path, yaml.Replace("journal-${FULCRUM_INSTANCE}", $"journal-{name}", StringComparison.Ordinal));
        var process = FulcrumProcess.Start(Environment(name), "run", "-c", path, "--force");
        var output = await process.WaitForOutputAsync("fulcrum: proxy on", TimeSpan.FromSeconds(60));
        var match = Addresses().Match(output);
        var instance = new FleetInstance(name, process, new Uri(match.Groups[1].Value), new Uri(match.Groups[2].Value));
        FleetInstance? previous;
        lock (_instances)
        {
            _instances.Remove(name, out previous);
            _instances[name] = instance;
        }
        if (previous is not null)
        {
            await previous.DisposeAsync();
        }
        return instance;
    }

    /// <summary>Sends requests round the live instances until <paramref name="stop"/> (failures of a killed instance are expected and ignored).</summary>
    public Task DriveTrafficAsync(CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            FleetInstance[] live;
            lock (_instances)
            {
                live = _instances.Values.Where(i => !i.Process.HasExited).ToArray();
            }
            foreach (var instance in live)
            {
                await instance.SendAsync(10);
            }
        }
    });

    /// <summary>Runs a fulcrum CLI command against the fleet's store (bounded); returns exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> CliAsync(params string[] args)
    {
        await using var process = FulcrumProcess.Start(Environment("cli"), args);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Poll.UntilAsync(() => process.HasExited, TimeSpan.FromSeconds(5), "the CLI to exit");
        return (process.ExitCode, process.Output);
    }

    /// <summary>Writes <paramref name="yaml"/> to a file and runs <c>fulcrum config push</c> with it.</summary>
    public async Task<(int ExitCode, string Output)> PushAsync(string yaml, params string[] extra)
    {
        var path = Path.Combine(Folder, $"push-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return await CliAsync(["config", "push", "-c", path, .. extra]);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Dictionary<string, string> Environment(string instance) => new()
    {
        ["FULCRUM_STORE"] = ConnectionString,
        ["FULCRUM_INSTANCE"] = instance,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            await instance.DisposeAsync();
        }
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"proxy on (\S+), admin and dashboard on (\S+)")]
    private static partial Regex Addresses();
}

/// <summary>One <c>fulcrum run</c> of the fleet, with clients for its proxy and admin listeners.</summary>
public sealed class FleetInstance(string name, FulcrumProcess process, Uri proxy, Uri admin) : IAsyncDisposable
{
    public string Name { get; } = name;
    public FulcrumProcess Process { get; } = process;
    public HttpClient Proxy { get; } = new() { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(30) };
    public HttpClient Admin { get; } = new() { BaseAddress = admin, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends <paramref name="count"/> GETs, 8 at a time; returns how many failed.</summary>
    public async Task<int> SendAsync(int count)
    {
        var failed = 0;
        var next = -1;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                try
                {
                    using var response = await Proxy.GetAsync("/");
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        return failed;
    }

    /// <summary>SIGTERM and wait: a clean stop (its heartbeat ends).</summary>
    public async Task StopAsync()
    {
        Process.Terminate();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        Proxy.Dispose();
        Admin.Dispose();
        await Process.DisposeAsync();
    }
}
