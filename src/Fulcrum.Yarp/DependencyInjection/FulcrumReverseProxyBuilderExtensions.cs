using Fulcrum.Core.Audit.Live;
using Fulcrum;
using Fulcrum.Core.Alerting;
using Fulcrum.Core.Balancing;
using Fulcrum.Core.Config;
using Fulcrum.Core.Fairness;
using Fulcrum.Hosting;
using Fulcrum.Journal;
using Fulcrum.Metrics;
using Fulcrum.Operations;
using Fulcrum.Proxy;
using Fulcrum.Recording;
using Fulcrum.Receivers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Fulcrum to a YARP app: <c>services.AddReverseProxy().LoadFromConfig(...).AddFulcrum(...)</c>.</summary>
public static class FulcrumReverseProxyBuilderExtensions
{
    /// <summary>The named <see cref="System.Net.Http.HttpClient"/> alert receivers use (configure it with <c>AddHttpClient</c>).</summary>
    public const string ReceiverHttpClient = "Fulcrum.Receivers";

    /// <summary>
    /// Registers Fulcrum's policies with YARP (<c>Fulcrum.RoundRobin</c>, <c>Fulcrum.LeastRequests</c>,
    /// <c>Fulcrum.PeakEwma</c>, ...: <see cref="FulcrumMetadata.Policies"/>), its eligibility filter, active-health thresholds and passive ejection, the
    /// distribution monitor, alerts, receivers and journal. <paramref name="section"/> is the <c>Fulcrum</c>
    /// configuration section (same keys and durations as <c>fulcrum.yaml</c>: <c>fairness</c>, <c>alerts</c>,
    /// <c>journal</c>, <c>admin.token-env</c>); <paramref name="configure"/> runs after it.
    /// </summary>
    public static IReverseProxyBuilder AddFulcrum(this IReverseProxyBuilder builder, IConfiguration? section = null, Action<FulcrumOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FulcrumOptions>();
        if (section is not null)
        {
            services.AddSingleton<IConfigureOptions<FulcrumOptions>>(sp => new FulcrumOptionsFromConfiguration(section, sp.GetRequiredService<ContentRoot>().Path));
            services.AddSingleton<IOptionsChangeTokenSource<FulcrumOptions>>(new ConfigurationChangeTokenSource<FulcrumOptions>(section));
        }
        if (configure is not null)
        {
            services.Configure(configure);
        }
        services.TryAddSingleton(TimeProvider.System);
        // Relative paths in the app's config (TLS files in metadata, the journal) resolve where appsettings.json is read from.
        services.TryAddSingleton(sp => new ContentRoot(sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory()));
        services.AddHttpClient(ReceiverHttpClient);

        AddDataPlane(builder);
        AddOperations(services);
        return builder;
    }

    /// <summary>
    /// Registers an app's own balancing policy, used like a built-in: a cluster whose <c>LoadBalancingPolicy</c> is
    /// <paramref name="name"/> gets Fulcrum's eligibility, ejection, slow start, weights in <c>Metadata</c>, the monitor,
    /// alerts and the in-process audit. <paramref name="judgedAs"/> declares what fair means for it: the built-in
    /// policy whose promise the monitor checks (default <see cref="PolicyKind.RoundRobin"/>: shares follow the weights).
    /// </summary>
    /// <param name="builder">The reverse proxy builder (call <see cref="AddFulcrum"/> too).</param>
    /// <param name="name"><c>Fulcrum.</c> and a name of letters, digits, '.', '-' or '_'; unique without case, as YARP compares names.</param>
    /// <param name="createPicker">Creates a cluster's picker (again at each reload), given the cluster and the <see cref="Random"/> to use.</param>
    /// <param name="judgedAs">The built-in policy whose fairness promise applies.</param>
    /// <exception cref="ArgumentException">The name breaks the rules or is already registered (built-in or not).</exception>
    public static IReverseProxyBuilder AddFulcrumPolicy(
        this IReverseProxyBuilder builder, string name, Func<Fulcrum.Core.Config.ClusterConfig, Random, IPicker> createPicker, PolicyKind judgedAs = PolicyKind.RoundRobin)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = new BalancingPolicy(name, createPicker, judgedAs);
        var taken = builder.Services
            .Select(d => d.ServiceType == typeof(BalancingPolicy) ? d.ImplementationInstance as BalancingPolicy : null)
            .Concat(BuiltInPolicies.All)
            .FirstOrDefault(p => p is not null && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        if (taken is not null)
        {
            throw new ArgumentException($"Balancing policy '{name}' is already registered as '{taken.Name}' (names compare without case, as in YARP).", nameof(name));
        }
        AddPolicy(builder.Services, policy);
        return builder;
    }

    // Built-in and app policies alike: one registry entry, one YARP policy adapter.
    private static void AddPolicy(IServiceCollection services, BalancingPolicy policy)
    {
        services.AddSingleton(policy);
        services.AddSingleton<ILoadBalancingPolicy>(sp => new FulcrumLoadBalancingPolicy(sp.GetRequiredService<ClusterRegistry>(), policy.Name));
    }

    private static void AddDataPlane(IReverseProxyBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<ClusterRegistry>();
        services.TryAddSingleton(sp => new BalancingPolicyRegistry(sp.GetServices<BalancingPolicy>()));
        foreach (var policy in BuiltInPolicies.All)
        {
            AddPolicy(services, policy);
        }
        services.AddSingleton<IAvailableDestinationsPolicy, EligibleDestinationsPolicy>();
        services.AddSingleton<IActiveHealthCheckPolicy, ThresholdActiveHealthPolicy>();
        services.TryAddSingleton<FulcrumConfigListener>();
        services.AddSingleton<IConfigChangeListener>(sp => sp.GetRequiredService<FulcrumConfigListener>());
        builder.AddConfigFilter<FulcrumConfigFilter>();
        builder.AddTransforms<Fulcrum.Proxy.Paths.RawTargetTransformProvider>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, BackendHttpClientFactory>());
        services.TryAddSingleton<FulcrumMetrics>();
        services.AddMetrics();
        services.TryAddSingleton(sp => new FulcrumMeter(
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<ClusterRegistry>(),
            sp.GetRequiredService<DistributionMonitor>(),
            new Lazy<AlertEngine>(sp.GetRequiredService<AlertEngine>)));
        WrapForwarder(services);
        services.TryAddSingleton<RetryStep>();
    }

    /// <summary>
    /// Fulcrum records each request where it is forwarded (<see cref="RequestRecorder"/>): the app's
    /// <see cref="IHttpForwarder"/> (YARP's, or the app's own registered before) is wrapped, once.
    /// </summary>
    private static void WrapForwarder(IServiceCollection services)
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IHttpForwarder) && !d.IsKeyedService);
        if (inner is null)
        {
            services.AddHttpForwarder();
            inner = services.Last(d => d.ServiceType == typeof(IHttpForwarder) && !d.IsKeyedService);
        }
        if (inner.ImplementationFactory?.Target is ForwarderWrap)
        {
            return;
        }
        services.Replace(ServiceDescriptor.Singleton<IHttpForwarder>(new ForwarderWrap(inner).Create));
    }

    private sealed class ForwarderWrap(ServiceDescriptor inner)
    {
        public IHttpForwarder Create(IServiceProvider sp) => new RequestRecorder(
            (IHttpForwarder)(inner.ImplementationInstance
                ?? inner.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!)),
            sp.GetRequiredService<ClusterRegistry>(),
            sp.GetRequiredService<FulcrumMetrics>(),
            sp.GetRequiredService<FulcrumMeter>(),
            sp.GetRequiredService<IOptions<FulcrumOptions>>());
    }

    private static void AddOperations(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new EventJournal(
            Options(sp).JournalPath, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EventJournal>>()));
        // What timeline and postmortem read: this instance's file, unless a fleet registered its shared journal first.
        services.TryAddSingleton<IJournalReader>(sp => sp.GetRequiredService<EventJournal>());
        services.TryAddSingleton(sp => new DistributionMonitor(Options(sp).Fairness, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<AlertCauseFinder>();
        services.TryAddSingleton(sp => new AlertEngine(
            Options(sp).Alerts, Options(sp).Fairness, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AlertCauseFinder>().Find));
        services.TryAddSingleton(sp => new NotificationDispatcher(
            CreateReceivers(sp),
            sp.GetRequiredService<EventJournal>(),
            sp.GetRequiredService<TimeProvider>(),
            logger: sp.GetRequiredService<ILogger<NotificationDispatcher>>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<FulcrumOptions>>();
            var admin = sp.GetService<IAdminAddress>();
            return new AlertPipeline(
                sp.GetRequiredService<AlertEngine>(),
                sp.GetRequiredService<EventJournal>(),
                sp.GetRequiredService<NotificationDispatcher>(),
                sp.GetRequiredService<DistributionMonitor>(),
                () => options.CurrentValue.Alerts,
                () => options.CurrentValue.DashboardUrl ?? admin?.Address,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AlertPipeline>>());
        });
        services.TryAddSingleton(sp =>
        {
            var alerts = sp.GetRequiredService<AlertPipeline>();
            return new JournalBridge(sp.GetRequiredService<EventJournal>(), () => alerts.FiredSinceConfigChange);
        });
        services.TryAddSingleton<FulcrumRuntime>();
        services.TryAddSingleton(AuditBuild.Current);
        services.TryAddSingleton<AuditReuse>();
        services.TryAddSingleton(_ => new LiveAuditor());
        services.TryAddSingleton(sp =>
        {
            var runtime = sp.GetRequiredService<FulcrumRuntime>();
            var options = sp.GetRequiredService<IOptionsMonitor<FulcrumOptions>>();
            return new ScheduledAudit(
                sp.GetRequiredService<LiveAuditor>(),
                () => runtime.Current,
                () => runtime.Current?.Audit ?? options.CurrentValue.Audit,
                sp.GetRequiredService<DistributionMonitor>(),
                sp.GetRequiredService<EventJournal>(),
                sp.GetRequiredService<AlertEngine>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Fulcrum.Audit"),
                sp.GetService<IConfigFile>());
        });
        services.AddSingleton<IServingConfigObserver>(sp => sp.GetRequiredService<FulcrumRuntime>());
        services.AddHostedService<FulcrumBackgroundService>();
        services.AddHostedService(sp => new JournalRetentionService(
            sp.GetRequiredService<EventJournal>(),
            () => Options(sp).JournalRetention,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<JournalRetentionService>>()));
    }

    // Start time: with no receiver configured (the common case), the HttpClient factory and its handler pipeline
    // are never built (bench/RESULTS.md, "Start CPU of the JIT build (startup2)").
    private static IReadOnlyList<IAlertReceiver> CreateReceivers(IServiceProvider sp)
    {
        var receivers = Options(sp).Alerts.Receivers;
        return receivers.Count == 0
            ? []
            : ReceiverFactory.CreateAll(
                receivers,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(ReceiverHttpClient),
                sp.GetRequiredService<TimeProvider>(),
                loggers: sp.GetRequiredService<ILoggerFactory>());
    }

    // Receivers, the journal path and the window sizes are bound when first resolved; later option changes reach
    // the monitor and the alert engine through FulcrumRuntime.
    private static FulcrumOptions Options(IServiceProvider services) => services.GetRequiredService<IOptionsMonitor<FulcrumOptions>>().CurrentValue;
}
