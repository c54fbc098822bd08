using Fulcrum.Core.Config;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Configuration;

namespace Fulcrum.Proxy;

/// <summary>
/// Checks a config's routes the way the data plane will: YARP's own <see cref="IConfigValidator"/> (path templates,
/// hosts) and ASP.NET routing's constraint resolver (<c>{id:nosuch}</c>, which YARP accepts and the endpoint
/// matcher only trips over at the first request). So <c>fulcrum validate</c>, <c>audit</c>, <c>POST /api/audit</c>
/// and the gate refuse, with the route's line and column, what would otherwise fail or serve 404s later.
/// </summary>
internal static class YarpRouteValidator
{
    // One throwaway container for the process: the validator and resolver are stateless once built.
    // A class, not a value tuple, inside the Lazy: Lazy over a reference type shares code already compiled.
    private static readonly Lazy<Checker> Checkers = new(Create);

    /// <summary>Every route problem YARP or routing would report, at the route's path or hosts; empty when all are fine.</summary>
    public static IReadOnlyList<ConfigError> Check(FulcrumConfig config)
    {
        var (validator, constraints) = Checkers.Value;
        var errors = new List<ConfigError>();
        var routes = YarpConfigMapper.Routes(config);
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            // With no authorization, CORS or rate-limiter policy names the validation completes synchronously.
            foreach (var problem in validator.ValidateRouteAsync(route).AsTask().GetAwaiter().GetResult())
            {
                var field = problem.Message.Contains("host", StringComparison.OrdinalIgnoreCase) ? $"routes[{i}].match.hosts" : $"routes[{i}].match.path";
                errors.Add(new ConfigError(config.Source.Find(field), field, $"YARP refuses this route: {Describe(problem)}"));
            }
            if (UnresolvedConstraint(route.Match.Path, constraints) is { } constraint)
            {
                var field = $"routes[{i}].match.path";
                errors.Add(new ConfigError(config.Source.Find(field), field, constraint));
            }
        }
        return errors;
    }

    /// <summary>Throws a <see cref="ConfigException"/> carrying every route problem, if there is any.</summary>
    public static void ThrowIfInvalid(FulcrumConfig config)
    {
        var errors = Check(config);
        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }
    }

    private static string? UnresolvedConstraint(string? path, IInlineConstraintResolver constraints)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(path);
        }
        catch (RoutePatternException)
        {
            return null; // YARP's validator already said so
        }
        foreach (var parameter in pattern.Parameters)
        {
            foreach (var policy in parameter.ParameterPolicies)
            {
                if (policy.Content is not { } content)
                {
                    continue;
                }
                string? problem;
                try
                {
                    problem = constraints.ResolveConstraint(content) is null ? "is not a known route constraint" : null;
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or RouteCreationException)
                {
                    problem = $"cannot be built ({e.Message})";
                }
                if (problem is not null)
                {
                    return $"the constraint '{content}' of parameter '{parameter.Name}' {problem}; known ones include int, guid, alpha, min(n), regex(...)";
                }
            }
        }
        return null;
    }

    private static string Describe(Exception problem) =>
        problem.InnerException is { } inner ? $"{problem.Message} ({inner.Message})" : problem.Message;

    private sealed record Checker(IConfigValidator Validator, IInlineConstraintResolver Constraints);

    private static Checker Create()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddRouting();
        services.AddReverseProxy();
        // Never disposed: it lives as long as the process, like the checkers it holds.
        var provider = services.BuildServiceProvider();
        return new Checker(provider.GetRequiredService<IConfigValidator>(), provider.GetRequiredService<IInlineConstraintResolver>());
    }
}
