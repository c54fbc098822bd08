using System.Diagnostics;
using Fulcrum.Tests.Receivers;

namespace Fulcrum.Tests.Fleet;

/// <summary>
/// A throwaway PostgreSQL 15 cluster on a free loopback port: initdb into a temp folder, pg_ctl start (as the
/// postgres user when the tests run as root, since PostgreSQL refuses to run as root), one database, trust auth.
/// Stop/Start let tests simulate a store outage; DisposeAsync stops it and deletes the folder.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _folder;
    private readonly string _data;
    private readonly string _socket;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "data");
        _socket = Path.Combine(folder, "sock");
        Port = port;
    }

    public int Port { get; }

    public const string Database = "fulcrum";

    /// <summary>
    /// An Npgsql connection string for the test database. A stopped server refuses connections at once, so outages
    /// surface fast whatever the timeouts; the timeouts only have to outlast a busy machine (a loaded CI runner took
    /// over 3 s to open a connection).
    /// </summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database};Timeout=15;Command Timeout=30";

    public static bool IsInstalled => File.Exists(Path.Combine(BinDir, "initdb"));

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("fulcrum-pg-").FullName;
        var server = new PostgresServer(folder, FreePort.Find());
        try
        {
            Directory.CreateDirectory(server._socket);
            if (IsRoot)
            {
                // The postgres user must own the folder (and reach it through /tmp's sticky bit).
                await RunAsync("chown", ["-R", "postgres:postgres", folder]);
            }
            await server.PgAsync("initdb", ["-D", server._data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
            await server.StartClusterAsync();
            await server.PgAsync("createdb", ["-h", "127.0.0.1", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", Database]);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh, empty database for one test; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        // Unpooled: a pooled connection may predate a Stop/Start of the cluster and be dead.
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString.Replace($"Database={Database}", $"Database={name}", StringComparison.Ordinal);
    }

    /// <summary>Stops the cluster fast (existing sessions are cut, as in a crash of the database host).</summary>
    public Task StopAsync() => PgAsync("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"]);

    /// <remarks>
    /// fsync is off for speed: an immediate stop kills the server processes, not the machine, so what they wrote is
    /// still in the OS's cache. synchronous_commit stays on: with it off, the commits of the last moments before an
    /// immediate stop were lost, and a test's own schema vanished across its simulated outage.
    /// </remarks>
    public Task StartClusterAsync() => PgAsync("pg_ctl", ["-D", _data, "-w", "-t", "30", "-l", Path.Combine(_folder, "server.log"), "-o",
        $"-p {Port} -k {_socket} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                await StopAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task PgAsync(string tool, IReadOnlyList<string> args)
    {
        var exe = Path.Combine(BinDir, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args]) : RunAsync(exe, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}

/// <summary>One PostgreSQL per test class (xunit class fixture).</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("PostgreSQL did not start");

    public async Task InitializeAsync() => _server = await PostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
