using System.Diagnostics;
using System.Text;

namespace Fulcrum.Tests.Support;

/// <summary>The real <c>fulcrum</c> executable (built next to the tests) run as a child process, output captured.</summary>
public sealed class FulcrumProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly object _lock = new();
    private bool _disposed;

    private FulcrumProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static FulcrumProcess Start(params string[] args) => Start(null, args);

    public static FulcrumProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        // A suite started under nohup passes SIGHUP down ignored, and .NET keeps a signal ignored at start ignored
        // (no PosixSignalRegistration handler runs): `env --default-signal` gives fulcrum the disposition systemd gives it.
        var info = new ProcessStartInfo(OperatingSystem.IsLinux() ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (OperatingSystem.IsLinux())
        {
            info.ArgumentList.Add("--default-signal=HUP");
        }
        FulcrumCommand.Apply(info, viaLauncher: OperatingSystem.IsLinux());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return new FulcrumProcess(Process.Start(info)!);
    }

    /// <summary>Runs to completion (bounded) and returns exit code and all output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        await using var process = Start(args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit();
        return (process.ExitCode, process.Output);
    }

    /// <summary>Sends SIGTERM, as systemd and Kubernetes do.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return _process.WaitForExitAsync(cts.Token);
    }

    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        try
        {
            await Poll.UntilAsync(() => Output.Contains(text, StringComparison.Ordinal) || HasExited, timeout, $"'{text}' in fulcrum's output");
        }
        catch (TimeoutException e)
        {
            // A process that is alive but silent: what it did print is the only clue to where it stands.
            var output = Output;
            throw new TimeoutException($"{e.Message}; it is still running; its output so far (last 4,000 chars):\n{output[Math.Max(0, output.Length - 4000)..]}", e);
        }
        if (!Output.Contains(text, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"fulcrum exited before printing '{text}':\n{Output}");
        }
        return Output;
    }

    /// <summary>SIGKILL of the whole process tree: no shutdown code runs, as with <c>kill -9</c>.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
