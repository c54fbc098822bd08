using Fulcrum.Core.Config;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Fulcrum.Hosting;

/// <summary>
/// <see cref="FulcrumOptions"/> from the config the gate applies: set before each apply, so the monitor and the alert
/// engine follow a reload through the same <c>IOptionsMonitor</c> an embedding app's settings use.
/// </summary>
internal sealed class GateOptions(FulcrumConfig initial, bool monitoring)
    : IConfigureOptions<FulcrumOptions>, IOptionsChangeTokenSource<FulcrumOptions>
{
    private FulcrumConfig _config = initial;
    private CancellationTokenSource _changed = new();

    public string? Name => Options.DefaultName;

    public void Configure(FulcrumOptions options)
    {
        var config = Volatile.Read(ref _config);
        options.Fairness = config.Fairness;
        options.Alerts = config.Alerts;
        options.JournalPath = config.Journal.Path;
        options.JournalRetention = config.Journal.Retention;
        options.AdminTokenEnv = config.Admin.TokenEnv;
        options.Monitoring = monitoring;

    }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _changed).Token);

    public void Set(FulcrumConfig config)
    {
        Volatile.Write(ref _config, config);
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
    }
}
