using System.Net;
using Fulcrum.Hosting;
using Fulcrum.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fulcrum.Tests.Admin;

/// <summary>
/// The admin port's branch is built on its first request (<see cref="AdminPipeline"/>). A build that throws must fail
/// that request with a clear 500 and be tried again on the next, not be cached until a restart.
/// </summary>
public sealed class AdminBranchTests
{
    [Fact]
    public async Task A_build_that_throws_once_answers_500_then_the_next_request_builds_again()
    {
        var builds = 0;
        var logs = new CapturingLoggerProvider();
        await using var app = await LoopbackApp.StartAsync(
            app => AdminPipeline.Map(app, context => context.Request.Path.StartsWithSegments("/admin"), admin =>
            {
                if (Interlocked.Increment(ref builds) == 1)
                {
                    throw new InvalidOperationException("endpoint registration failed");
                }
                admin.Run(context => context.Response.WriteAsync("admin built"));
                return admin.Build();
            }),
            builder => builder.Logging.AddProvider(logs));
        using var client = new HttpClient { BaseAddress = app.Address };

        using var first = await client.GetAsync("/admin/api/clusters");
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(AdminBranch.BuildFailedText, await first.Content.ReadAsStringAsync());
        var logged = Assert.Single(logs.Lines, l => l.Message.StartsWith("admin API: building its endpoints failed", StringComparison.Ordinal));
        Assert.Contains("next one builds them again", logged.Message, StringComparison.Ordinal);

        using var second = await client.GetAsync("/admin/api/clusters");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("admin built", await second.Content.ReadAsStringAsync());

        using var third = await client.GetAsync("/admin/healthz");
        Assert.Equal("admin built", await third.Content.ReadAsStringAsync());
        Assert.Equal(2, Volatile.Read(ref builds));
    }

    [Fact]
    public async Task Requests_off_the_admin_port_never_build_the_branch()
    {
        var builds = 0;
        await using var app = await LoopbackApp.StartAsync(app =>
        {
            AdminPipeline.Map(app, _ => false, admin =>
            {
                Interlocked.Increment(ref builds);
                throw new InvalidOperationException("must not be built");
            });
            app.Run(context => context.Response.WriteAsync("proxied"));
        });
        using var client = new HttpClient { BaseAddress = app.Address };

        Assert.Equal("proxied", await client.GetStringAsync("/api/x"));
        Assert.Equal(0, Volatile.Read(ref builds));
    }
}
