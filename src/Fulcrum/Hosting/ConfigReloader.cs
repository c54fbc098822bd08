using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting;

/// <summary>
/// Re-reads the config file when it changes on disk (debounced: editors write in several steps) and on SIGHUP,
/// and offers it to the <see cref="ConfigGate"/>, which refuses a bad one and keeps the running config.
/// </summary>
internal sealed partial class ConfigReloader : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly string _path;
    private readonly ConfigGate _gate;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly PosixSignalRegistration? _sighup;
    private readonly ITimer _debounceTimer;
    private readonly object _lock = new();
    private string? _lastText;

    public ConfigReloader(string path, ConfigGate gate, TimeProvider time, ILogger logger, string initialText)
    {
        _path = Path.GetFullPath(path);
        _gate = gate;
        _logger = logger;
        _lastText = initialText;
        _debounceTimer = time.CreateTimer(_ => Reload(ConfigTrigger.FileChange), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        _watcher.Created += (_, _) => _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        _watcher.Renamed += (_, _) => _debounceTimer.Change(Debounce, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
        if (!OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                Reload(ConfigTrigger.Signal);
            });
        }
    }

    public void Reload(ConfigTrigger trigger)
    {
        lock (_lock)
        {
            string text;
            try
            {
                text = File.ReadAllText(_path);
            }
            catch (IOException e)
            {
                LogUnreadable(_logger, _path, e.Message);
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

    public void Dispose()
    {
        _watcher.Dispose();
        _sighup?.Dispose();
        _debounceTimer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload: cannot read {Path}: {Reason}; the running config keeps serving")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
