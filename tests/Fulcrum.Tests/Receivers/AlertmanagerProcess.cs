using System.Diagnostics;

namespace Fulcrum.Tests.Receivers;

/// <summary>
/// A real Prometheus Alertmanager (Debian package prometheus-alertmanager; ./test.sh installs it) on a free
/// loopback port, clustering off, with its own temp storage. Stopped by its own process handle on dispose.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncLifetime
{
    private const string Binary = "prometheus-alertmanager";
    private readonly string folder = Directory.CreateTempSubdirectory("fulcrum-am-test-").FullName;
    private Process? process;

    public Uri BaseUrl { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async Task InitializeAsync()
    {
        var config = Path.Combine(folder, "am.yml");
        await File.WriteAllTextAsync(config, "route: { receiver: hook }\nreceivers: [ { name: hook } ]\n");
        var port = FreePort.Find();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo(Binary)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
                $"--storage.path={Path.Combine(folder, "data")}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{Binary} is not installed (apt-get install prometheus-alertmanager; ./test.sh does it)", ex);
        }
        // Drain its log so a chatty Alertmanager never blocks on a full pipe.
        process!.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(IsReadyAsync, $"alertmanager on {BaseUrl} to be ready", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp folder is the OS's to clean otherwise
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        if (process!.HasExited)
        {
            throw new InvalidOperationException($"{Binary} exited with code {process.ExitCode}");
        }
        try
        {
            using var response = await Http.GetAsync(new Uri(BaseUrl, "/-/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
