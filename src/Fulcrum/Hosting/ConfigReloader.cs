using System.Runtime.InteropServices;
using Fulcrum.Core.Config;
using Fulcrum.Core.Text;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// Re-reads the config file when it changes on disk and on SIGHUP, and offers it to the <see cref="ConfigGate"/>,
/// which refuses a bad one and keeps the running config. Both go through a <see cref="ReloadCoalescer"/>: a burst
/// of writes or signals is one audit and one apply of the file's last content, run on the gate's low-priority
/// <see cref="BackgroundLane"/> rather than on the thread pool that serves requests.
/// Runs on timer, watcher, signal and lane threads, where an escaping exception ends the process: nothing escapes.
/// A file that cannot be read (a directory, no permission, too big) is refused like an invalid one.
/// </summary>
internal sealed partial class ConfigReloader : IDisposable
{
    private readonly string _path;
    private readonly ConfigGate _gate;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly PosixSignalRegistration? _sighup;
    private readonly ReloadCoalescer _coalescer;
    private readonly object _lock = new();
    private string? _lastText;

    public ConfigReloader(string path, ConfigGate gate, TimeProvider time, ILogger logger, string initialText)
    {
        _path = Path.GetFullPath(path);
        _gate = gate;
        _logger = logger;
        _lastText = initialText;
        _coalescer = new ReloadCoalescer(time, Reload, action => gate.Lane.Post(action));
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Schedule();
        _watcher.Created += (_, _) => Schedule();
        _watcher.Renamed += (_, _) => Schedule();
        _watcher.Error += (_, e) => OnWatcherError(e.GetException());
        _watcher.EnableRaisingEvents = true;
        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _coalescer.Request(ConfigTrigger.Signal);
            });
        }
    }

    /// <summary>Reads the file and offers it to the gate. Never throws: every failure is one log line and a config.refused event.</summary>
    public void Reload(ConfigTrigger trigger)
    {
        try
        {
            lock (_lock)
            {
                var text = ConfigText.TryReadFile(_path, ConfigLimits.Default, out var error);
                if (text is null)
                {
                    _gate.RefuseUnread(_path, trigger, error);
                    return;
                }
                // The watcher fires several times per save; a signal always re-applies.
                if (trigger == ConfigTrigger.FileChange && text == _lastText)
                {
                    return;
                }
                _lastText = text;
                _gate.TryApplyYaml(text, _path, trigger, force: false);
            }
        }
        catch (Exception e)
        {
            Unexpected(trigger, e);
        }
    }

    /// <summary>
    /// The watcher lost events (its buffer overflowed) or its folder went away: one log line, watch again, and re-read,
    /// since a change may have been missed. When watching cannot resume, SIGHUP still reloads.
    /// </summary>
    internal void OnWatcherError(Exception? problem)
    {
        try
        {
            LogWatchFailed(_logger, _path, SafeText.Bound(problem?.Message ?? "unknown error", 300));
            _watcher.EnableRaisingEvents = false;
            _watcher.EnableRaisingEvents = true;
            Schedule();
        }
        catch (Exception e)
        {
            LogWatchStopped(_logger, _path, SafeText.Bound(e.Message, 300));
        }
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _sighup?.Dispose();
        _coalescer.Dispose();
    }

    private void Schedule() => _coalescer.Request(ConfigTrigger.FileChange);

    private void Unexpected(ConfigTrigger trigger, Exception e)
    {
        try
        {
            _gate.RefuseUnread(_path, trigger, $"reload failed unexpectedly ({e.GetType().Name}: {e.Message})");
        }
        catch (Exception again)
        {
            // The journal itself failed: the log line is the only record left.
            LogReloadFailed(_logger, _path, SafeText.Bound($"{e.GetType().Name}: {e.Message}; journaling it failed too: {again.Message}", 600));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: {Path} failed: {Reason}; the running config keeps serving")]
    private static partial void LogReloadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config watch: watching {Path} failed ({Reason}); watching again and re-reading it")]
    private static partial void LogWatchFailed(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "config watch: cannot watch {Path} any more ({Reason}); SIGHUP still reloads")]
    private static partial void LogWatchStopped(ILogger logger, string path, string reason);
}
