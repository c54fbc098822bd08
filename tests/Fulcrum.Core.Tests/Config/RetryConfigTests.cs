using Fulcrum.Core.Config;
using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary><c>clusters.*.retries</c>: valid forms and defaults, and each bad value reported at its key.</summary>
public class RetryConfigTests
{
    private const string OneDestination = "destinations: { a: { address: http://127.0.0.1:9001 } }";

    private static RetryConfig? Retries(string retries) =>
        Load(WithCluster($"{OneDestination}\nretries: {retries}")).Clusters.Single().Retries;

    [Fact]
    public void Without_retries_nothing_is_retried() =>
        Assert.Null(Load(WithCluster(OneDestination)).Clusters.Single().Retries);

    [Fact]
    public void The_full_form_is_read()
    {
        var retries = Retries("{ attempts: 2, budget: 20%, per-try-timeout: 2s, methods: safe }");

        Assert.Equal(new RetryConfig(2, 0.2, TimeSpan.FromSeconds(2), RetryMethods.Safe), retries);
    }

    [Fact]
    public void An_empty_mapping_takes_the_defaults() =>
        Assert.Equal(new RetryConfig(1, 0.2, null, RetryMethods.Idempotent), Retries("{}"));

    [Fact]
    public void By_default_only_unanswered_tries_are_retried() =>
        Assert.Equal(RetryOn.ConnectFailure | RetryOn.Reset | RetryOn.Timeout, Retries("{}")!.On);

    [Fact]
    public void Retry_on_lists_the_failures_retried() =>
        Assert.Equal(RetryOn.ConnectFailure | RetryOn.ServerError, Retries("{ retry-on: [connect-failure, 5xx] }")!.On);

    [Theory]
    [InlineData(RetryOn.GatewayError, 503, true)]
    [InlineData(RetryOn.GatewayError, 500, false)]
    [InlineData(RetryOn.ServerError, 500, true)]
    [InlineData(RetryOn.ServerError, 499, false)]
    [InlineData(RetryOn.Default, 503, false)]
    public void Answered_statuses_are_retried_only_when_listed(RetryOn on, int status, bool retried) =>
        Assert.Equal(retried, RetryOnNames.RetriesStatus(on, status));

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData("\"12.5 %\"", 0.125)]
    [InlineData("100%", 1.0)]
    public void Budget_is_a_percentage_or_a_fraction(string budget, double expected) =>
        Assert.Equal(expected, Retries($"{{ budget: {budget} }}")!.Budget, 9);

    [Theory]
    [InlineData("{ attempts: 0 }", "clusters.web.retries.attempts")]
    [InlineData("{ attempts: 6 }", "clusters.web.retries.attempts")]
    [InlineData("{ budget: 0% }", "clusters.web.retries.budget")]
    [InlineData("{ budget: 150% }", "clusters.web.retries.budget")]
    [InlineData("{ budget: lots }", "clusters.web.retries.budget")]
    [InlineData("{ per-try-timeout: 0s }", "clusters.web.retries.per-try-timeout")]
    [InlineData("{ methods: post }", "clusters.web.retries.methods")]
    [InlineData("{ atempts: 2 }", "clusters.web.retries.atempts")]
    [InlineData("{ retry-on: [5xx, 4xx] }", "clusters.web.retries.retry-on[1]")]
    [InlineData("{ retry-on: [] }", "clusters.web.retries.retry-on")]
    [InlineData("{ retry-on: 5xx }", "clusters.web.retries.retry-on")]
    public void Bad_values_are_reported_at_their_key(string retries, string field) =>
        Assert.NotNull(ErrorFor(WithCluster($"{OneDestination}\nretries: {retries}"), field));

    /// <summary>
    /// Retries with a budget of 0 would never retry: refused at the budget with what is allowed (attempts alone take
    /// the 20 % default, so only a written 0 can zero it).
    /// </summary>
    [Theory]
    [InlineData("0%", 37)]
    [InlineData("0", 37)]
    public void Attempts_with_a_zero_budget_are_refused_at_the_budget(string budget, int column)
    {
        var error = ErrorFor(WithCluster($"{OneDestination}\nretries: {{ attempts: 2, budget: {budget} }}"), "clusters.web.retries.budget");

        AssertError(error, 6, column, "outside (0, 100 %]", "share of requests that may be retries");
    }

    /// <summary>
    /// Both timeouts are idle timeouts and each try's is the per-try one, in place of timeouts.request: one as long or
    /// longer cuts no try short and sets the request timeout aside. Refused at the per-try timeout, naming both values.
    /// </summary>
    [Theory]
    [InlineData("10s", "10s")]
    [InlineData("30s", "10s")]
    public void A_per_try_timeout_not_shorter_than_the_request_timeout_is_refused(string perTry, string request)
    {
        var yaml = WithCluster($"{OneDestination}\ntimeouts: {{ request: {request} }}\nretries: {{ attempts: 2, per-try-timeout: {perTry} }}");

        var error = ErrorFor(yaml, "clusters.web.retries.per-try-timeout");

        AssertError(error, 7, 46, $"{perTry} is not shorter than timeouts.request ({request})", "the request timeout would not apply", "Make it shorter than timeouts.request");
    }

    [Fact]
    public void A_per_try_timeout_shorter_than_the_request_timeout_loads()
    {
        var config = Load(WithCluster($"{OneDestination}\ntimeouts: {{ request: 10s }}\nretries: {{ attempts: 2, per-try-timeout: 3s }}"));

        Assert.Equal(TimeSpan.FromSeconds(3), config.Clusters.Single().Retries!.PerTryTimeout);
    }
}
