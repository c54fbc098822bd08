using System.Runtime.InteropServices;

namespace Fulcrum.Cli;

/// <summary>
/// SIGTERM, SIGINT and SIGQUIT as a cancellation, from the moment this is created until it is disposed.
/// A command that starts several hosts one after another needs it (<c>fulcrum demo</c>: three backends, then the
/// proxy). Each host hears these signals only once it has started, and the first host to hear one cancels the
/// signal's default action (ending the process) for the whole process. A SIGTERM that arrives after the first
/// backend started but before the proxy did would stop only the hosts already up, and the proxy would then start
/// and serve with nobody left to stop it. System.CommandLine's own token does not cover this: on .NET it learns
/// of SIGTERM only through process exit, which a host's handler has just called off.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration[] _registrations;

    public StopSignals(CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [Register(PosixSignal.SIGTERM), Register(PosixSignal.SIGINT), Register(PosixSignal.SIGQUIT)];
    }

    /// <summary>Cancelled by the first stop signal (or by the outer token).</summary>
    public CancellationToken Token => _stop.Token;

    private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
    {
        // Handled here: the command stops its hosts in order and returns, instead of the process ending mid-start.
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A signal that raced with the command's end: it is ending anyway.
        }
    });

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _stop.Dispose();
    }
}
