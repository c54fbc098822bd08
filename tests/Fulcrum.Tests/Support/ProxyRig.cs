using Fulcrum.Hosting;
using Fulcrum.TestBackends;

namespace Fulcrum.Tests.Support;

/// <summary>
/// Real backends on 127.0.0.1 (port 0) behind a real Fulcrum server started from a config file written to a temp
/// folder. <c>{a}</c>, <c>{b}</c>… in the config template are replaced by the backends' addresses.
/// </summary>
internal sealed class ProxyRig : IAsyncDisposable
{
    private ProxyRig(string folder, string configPath, IReadOnlyList<TestBackend> backends, FulcrumServer server)
    {
        Folder = folder;
        ConfigPath = configPath;
        Backends = backends;
        Server = server;
        Client = new HttpClient { BaseAddress = server.ProxyAddress, Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = server.AdminAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Folder { get; }
    public string ConfigPath { get; }
    public IReadOnlyList<TestBackend> Backends { get; }
    public FulcrumServer Server { get; }
    public HttpClient Client { get; }
    public HttpClient Admin { get; }

    public TestBackend this[string name] => Backends.Single(b => b.Name == name);

    public static async Task<ProxyRig> StartAsync(string configTemplate, IReadOnlyList<TestBackendOptions> backendOptions, bool force = false, TimeProvider? time = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logs = null, bool tracing = false)
    {
        var backends = new List<TestBackend>();
        foreach (var options in backendOptions)
        {
            backends.Add(await TestBackend.StartAsync(options));
        }
        var folder = Directory.CreateTempSubdirectory("fulcrum-test-").FullName;
        var configPath = Path.Combine(folder, "fulcrum.yaml");
        await File.WriteAllTextAsync(configPath, Fill(configTemplate, backends, folder));
        try
        {
            var server = await FulcrumServer.StartAsync(new FulcrumServerOptions
            {
                ConfigPath = configPath,
                Force = force,
                Time = time ?? TimeProvider.System,
                ShutdownTimeout = TimeSpan.FromSeconds(5),
                ExtraLogger = logs,
                Tracing = tracing,
            });
            return new ProxyRig(folder, configPath, backends, server);
        }
        catch
        {
            foreach (var backend in backends)
            {
                await backend.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Backends named a, b, c… with the same shape.</summary>
    public static IReadOnlyList<TestBackendOptions> Named(int count, TestBackendOptions? shape = null) =>
        Enumerable.Range(0, count).Select(i => (shape ?? new TestBackendOptions()) with { Name = ((char)('a' + i)).ToString() }).ToArray();

    public string Fill(string template) => Fill(template, Backends, Folder);

    /// <summary>Writes a new config over the watched file (the reloader picks it up).</summary>
    public Task RewriteConfigAsync(string template) => File.WriteAllTextAsync(ConfigPath, Fill(template));

    /// <summary>Sends <paramref name="count"/> GETs with <paramref name="parallelism"/> at a time; returns status codes.</summary>
    public async Task<int[]> SendAsync(int count, int parallelism = 8, string path = "/")
    {
        var statuses = new int[count];
        var next = -1;
        var workers = Enumerable.Range(0, parallelism).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                try
                {
                    using var response = await Client.GetAsync(path);
                    statuses[i] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[i] = -1;
                }
            }
        });
        await Task.WhenAll(workers);
        return statuses;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Server.DisposeAsync();
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

    private static string Fill(string template, IReadOnlyList<TestBackend> backends, string folder)
    {
        var text = template.Replace("{folder}", folder, StringComparison.Ordinal);
        foreach (var backend in backends)
        {
            text = text.Replace("{" + backend.Name + "}", backend.Address.ToString(), StringComparison.Ordinal);
        }
        return text;
    }
}
