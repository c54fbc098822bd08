using System.CommandLine;
using Fulcrum.Core.Config;
using Fulcrum.Hosting;

namespace Fulcrum.Cli;

/// <summary><c>fulcrum run</c>: serve a config; refuse one with error-level audit findings unless <c>--force</c>.</summary>
internal static class RunCommand
{
    public static Option<LogFormat> LogFormatOption() => new("--log-format")
    {
        Description = "Log output: text (one line per event) or json (for log shippers).",
        DefaultValueFactory = _ => LogFormat.Text,
    };

    public static Command Create()
    {
        var config = CliOptions.Config();
        var force = new Option<bool>("--force") { Description = "Serve even with error-level audit findings (journaled as forced)." };
        var reason = new Option<string?>("--reason") { Description = "Why the config is served (journaled with your user name; say why when forcing)." };
        var logFormat = LogFormatOption();
        var noMonitoring = new Option<bool>("--no-monitoring") { Description = "Turn off distribution monitoring on the request path (to measure its cost)." };
        var tracing = new Option<bool>("--tracing")
        {
            Description = "Trace context on the request path: an Activity per request and a traceparent written towards destinations, for a tracer attached to the process. Off by default (a client's traceparent is forwarded unchanged).",
        };
        var command = new Command("run", "Serve: proxy on listen, admin API and dashboard on admin.listen; reload on file change or SIGHUP.")
        {
            config, force, reason, logFormat, noMonitoring, tracing,
        };
        command.SetAction((parse, cancellationToken) => ServeAsync(
            new FulcrumServerOptions
            {
                ConfigPath = parse.GetValue(config),
                Force = parse.GetValue(force),
                Reason = parse.GetValue(reason),
                LogFormat = parse.GetValue(logFormat),
                Monitoring = !parse.GetValue(noMonitoring),
                Tracing = parse.GetValue(tracing),
            },
            onStarted: null,
            cancellationToken));
        return command;
    }

    /// <summary>Starts a server, waits for SIGTERM/Ctrl+C (or cancellation) and drains; maps startup failures to exit codes.</summary>
    public static async Task<int> ServeAsync(FulcrumServerOptions options, Func<FulcrumServer, CancellationToken, Task>? onStarted, CancellationToken cancellationToken)
    {
        FulcrumServer server;
        try
        {
            server = await FulcrumServer.StartAsync(options, cancellationToken);
        }
        catch (ConfigException e)
        {
            Console.Error.Write(ConfigErrorFormatter.Format(e.Errors));
            return ExitCodes.InvalidConfig;
        }
        catch (StartupRefusedException e)
        {
            Console.Error.WriteLine(e.Message);
            foreach (var finding in e.Result.Findings.Where(f => f.IsError))
            {
                Console.Error.WriteLine("  " + finding);
            }
            return ExitCodes.AuditErrors;
        }
        catch (StartupFailureException e)
        {
            Console.Error.WriteLine($"fulcrum: cannot start: {e.Message}");
            return e.Failure == StartupFailure.Bind ? ExitCodes.CannotBind : ExitCodes.CertificateUnreadable;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            Console.Error.WriteLine($"fulcrum: cannot start: {e.Message}");
            return ExitCodes.InvalidConfig;
        }

        await using (server)
        {
            Console.WriteLine($"fulcrum: proxy on {server.ProxyAddress}, admin and dashboard on {server.AdminAddress}");
            // The first line's format is kept for scripts; each further listener gets a line of its own.
            foreach (var more in server.ProxyAddresses.Skip(1))
            {
                Console.WriteLine($"fulcrum: proxy also on {more}");
            }
            if (onStarted is not null)
            {
                await onStarted(server, cancellationToken);
            }
            try
            {
                await server.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            Console.WriteLine("fulcrum: stopping, draining in-flight requests");
        }
        return ExitCodes.Ok;
    }
}
