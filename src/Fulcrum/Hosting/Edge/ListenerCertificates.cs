using System.Net.Security;
using System.Security.Authentication;
using Fulcrum.Core.Config;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Hosting.Edge;

/// <summary>
/// The certificates of one TLS listener, chosen per handshake by SNI name, and reloaded when their files change.
/// A reload builds a whole new set and swaps it in with one reference write: a handshake sees either the old set
/// or the new one, never a mix, and open connections keep the certificate they started with.
/// </summary>
internal sealed partial class ListenerCertificates : IDisposable
{
    /// <summary>Writes of a cert and its key arrive as several events; they are gathered into one reload.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(500);

    private readonly ListenerConfig _listener;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _reloadTimer;
    private readonly SslProtocols _protocols;
    private readonly Lock _reloadLock = new();
    private LoadedCertificate[] _current;

    /// <summary>Loads every pair now; throws <see cref="CertificateLoadException"/> when one cannot be served.</summary>
    public ListenerCertificates(ListenerConfig listener, ILogger logger)
    {
        _listener = listener;
        _logger = logger;
        var tls = listener.Tls!;
        _current = [.. tls.Certificates.Select(LoadedCertificate.Load)];
        _protocols = tls.Protocols.Aggregate(SslProtocols.None, (all, v) => all | (v == TlsVersion.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12));
        _reloadTimer = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        // Watch folders, not files: renewal tools and Kubernetes secrets replace files by renaming over them.
        foreach (var folder in tls.Certificates.SelectMany(c => new[] { c.Cert, c.Key }).Select(Path.GetDirectoryName).Distinct())
        {
            var watcher = new FileSystemWatcher(folder!)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public IReadOnlyList<LoadedCertificate> Current => Volatile.Read(ref _current);

    /// <summary>Raised after a successful reload that changed at least one certificate (tests wait on it).</summary>
    public event Action? Reloaded;

    /// <summary>The handshake options for a client asking for <paramref name="serverName"/> (null or empty without SNI).</summary>
    public SslServerAuthenticationOptions OptionsFor(string? serverName)
    {
        var set = Volatile.Read(ref _current);
        var chosen = set[0];
        if (!string.IsNullOrEmpty(serverName))
        {
            chosen = Array.Find(set, c => c.Serves(serverName)) ?? set[0];
        }
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = chosen.Context,
            EnabledSslProtocols = _protocols,
            ClientCertificateRequired = false,
        };
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
        _reloadTimer.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => _reloadTimer.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        lock (_reloadLock)
        {
            ReloadLocked();
        }
    }

    private void ReloadLocked()
    {
        LoadedCertificate[] loaded;
        try
        {
            loaded = [.. _listener.Tls!.Certificates.Select(LoadedCertificate.Load)];
        }
        catch (CertificateLoadException e)
        {
            // Often the first half of a cert+key update: the next file event reloads again; until then the old pair serves.
            LogReloadFailed(_logger, _listener.Url, e.Message);
            return;
        }
        var previous = Interlocked.Exchange(ref _current, loaded);
        var changed = loaded.Where((c, i) => c.Leaf.Thumbprint != previous[i].Leaf.Thumbprint).ToList();
        foreach (var certificate in changed)
        {
            LogReloaded(_logger, _listener.Url, certificate.Config.Cert, certificate.Leaf.Subject, certificate.Leaf.NotAfter.ToUniversalTime());
        }
        if (changed.Count > 0)
        {
            Reloaded?.Invoke();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "tls: {Listener} now serves {File} ({Subject}, valid until {NotAfter:u})")]
    private static partial void LogReloaded(ILogger logger, string listener, string file, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "tls: {Listener} keeps its current certificates; reload failed: {Reason}")]
    private static partial void LogReloadFailed(ILogger logger, string listener, string reason);
}
