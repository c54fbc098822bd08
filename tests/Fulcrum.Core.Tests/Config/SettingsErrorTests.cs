using static Fulcrum.Core.Tests.Config.ConfigTestHelper;

namespace Fulcrum.Core.Tests.Config;

/// <summary>Errors in listen, admin, fairness and alerts. <see cref="ConfigTestHelper.Minimal"/> is 8 lines, so appended text starts on line 9.</summary>
public class SettingsErrorTests
{
    private static string WithAlerts(string alerts) => Minimal + "\n" + alerts;

    [Theory]
    [InlineData("http://127.0.0.1:8080/app", "has a path, query or fragment")]
    [InlineData("tcp://127.0.0.1:8080", "uses the scheme 'tcp'")]
    [InlineData("localhost:8080", "not an absolute URL with a host")]
    public void Listen_urls_must_be_http_with_host_and_port_only(string url, string message)
    {
        var error = ErrorFor($"listen: [\"{url}\"]\n" + Minimal, "listen[0]");

        AssertError(error, 1, 10, message);
    }

    [Fact]
    public void Empty_listen_list()
    {
        var error = ErrorFor("listen: []\n" + Minimal, "listen");

        AssertError(error, 1, 9, "the list is empty");
    }

    [Fact]
    public void Admin_beyond_loopback_needs_a_token()
    {
        var error = ErrorFor(Minimal + "\nadmin: { listen: http://0.0.0.0:9901 }", "admin.listen");

        AssertError(error, 9, 18, "beyond loopback", "set admin.token-env");
    }

    [Theory]
    [InlineData("http://localhost:9901")]
    [InlineData("http://[::1]:9901")]
    [InlineData("http://127.0.0.2:9901")]
    public void Admin_on_loopback_needs_no_token(string listen)
    {
        Assert.Equal(listen, Load(Minimal + $"\nadmin: {{ listen: \"{listen}\" }}").Admin.Listen);
    }

    [Fact]
    public void Admin_on_all_interfaces_with_a_token_is_fine()
    {
        var admin = Load(Minimal + "\nadmin: { listen: \"http://*:9901\", token-env: ADMIN_TOKEN }").Admin;

        Assert.Equal(new Fulcrum.Core.Config.AdminConfig("http://*:9901", "ADMIN_TOKEN"), admin);
    }

    [Fact]
    public void Admin_token_env_must_be_a_variable_name()
    {
        var error = ErrorFor(Minimal + "\nadmin: { token-env: my token }", "admin.token-env");

        AssertError(error, 9, 21, "is not an environment variable name");
    }

    [Fact]
    public void Admin_token_name_is_read_and_names_a_token_that_exists()
    {
        Assert.Equal("ops-team", Load(Minimal + "\nadmin: { token-env: ADMIN_TOKEN, token-name: ops-team }").Admin.TokenName);

        AssertError(ErrorFor(Minimal + "\nadmin: { token-name: ops-team }", "admin.token-name"), 9, 22, "set admin.token-env too");
        AssertError(ErrorFor(Minimal + "\nadmin: { token-env: ADMIN_TOKEN, token-name: \"\" }", "admin.token-name"), 9, 46, "is not a usable name");
    }

    [Theory]
    [InlineData("0", "0 is outside (0, 1)")]
    [InlineData("1", "1 is outside (0, 1)")]
    [InlineData("1.5", "1.5 is outside (0, 1)")]
    public void Fairness_tolerance_must_be_within_zero_and_one(string value, string message)
    {
        var error = ErrorFor(Minimal + $"\nfairness: {{ tolerance: {value} }}", "fairness.tolerance");

        AssertError(error, 9, 24, message, "e.g. 0.2");
    }

    [Fact]
    public void Fairness_min_requests_must_be_at_least_one()
    {
        var error = ErrorFor(Minimal + "\nfairness:\n  min-requests: 0", "fairness.min-requests");

        AssertError(error, 10, 17, "expected a whole number >= 1");
    }

    [Fact]
    public void Fairness_window_cannot_be_zero()
    {
        var error = ErrorFor(Minimal + "\nfairness:\n  window: 0", "fairness.window");

        AssertError(error, 10, 11, "must be greater than zero");
    }

    [Fact]
    public void Escalation_tier_naming_an_undefined_receiver()
    {
        var error = ErrorFor(WithAlerts("""
            alerts:
              escalation:
                - { after: 0s, notify: [oncall] }
                - { after: 15m, notify: [oncal, lead] }
              receivers:
                oncall: { webhook: http://127.0.0.1:5001/hook }
                lead: { webhook: http://127.0.0.1:5002/hook }
            """), "alerts.escalation[1].notify[0]");

        AssertError(error, 12, 30, "escalation tier 2 notifies receiver 'oncal', which is not defined",
            "did you mean 'oncall'?", "defined under alerts.receivers: oncall, lead");
    }

    [Fact]
    public void Escalation_without_any_receivers()
    {
        var error = ErrorFor(WithAlerts("alerts: { escalation: [ { after: 0s, notify: [oncall] } ] }"), "alerts.escalation[0].notify[0]");

        AssertError(error, 9, 47, "not defined", "(none: define them under alerts.receivers)");
    }

    [Fact]
    public void Escalation_tiers_must_be_in_increasing_order()
    {
        var error = ErrorFor(WithAlerts("""
            alerts:
              escalation:
                - { after: 15m, notify: [oncall] }
                - { after: 5m, notify: [oncall] }
              receivers:
                oncall: { webhook: http://127.0.0.1:5001/hook }
            """), "alerts.escalation[1].after");

        AssertError(error, 12, 16, "5m is not later than the previous tier's 15m", "increasing 'after' order");
    }

    [Fact]
    public void Escalation_tier_needs_after_and_notify()
    {
        var errors = Errors(WithAlerts("""
            alerts:
              escalation:
                - { notify: [] }
            """));

        Assert.Equal(["alerts.escalation[0].after", "alerts.escalation[0].notify"], errors.Select(e => e.Field));
        AssertError(errors[0], 11, 7, "'after' is required");
        AssertError(errors[1], 11, 17, "the list is empty");
    }

    [Fact]
    public void Receiver_with_neither_webhook_nor_alertmanager()
    {
        var error = ErrorFor(WithAlerts("""
            alerts:
              receivers:
                oncall: {}
            """), "alerts.receivers.oncall");

        AssertError(error, 11, 5, "needs exactly one of 'webhook: URL'", "'alertmanager: URL'");
    }

    [Fact]
    public void Receiver_with_both_webhook_and_alertmanager()
    {
        var error = ErrorFor(WithAlerts("""
            alerts:
              receivers:
                oncall:
                  webhook: http://127.0.0.1:5001/hook
                  alertmanager: http://127.0.0.1:9093
            """), "alerts.receivers.oncall");

        AssertError(error, 11, 5, "has both 'webhook' and 'alertmanager'; give exactly one");
    }

    [Fact]
    public void Receiver_url_must_be_http()
    {
        var error = ErrorFor(WithAlerts("alerts: { receivers: { oncall: { webhook: \"mailto:ops@example.com\" } } }"),
            "alerts.receivers.oncall.webhook");

        AssertError(error, 9, 43, "uses the scheme 'mailto'", "absolute http:// or https://");
    }

    [Theory]
    [InlineData("0", "outside (0, 1]")]
    [InlineData("5", "outside (0, 1]")]
    public void Error_rate_threshold_is_a_fraction(string value, string message)
    {
        var error = ErrorFor(WithAlerts($"alerts: {{ error-rate: {{ threshold: {value} }} }}"), "alerts.error-rate.threshold");

        AssertError(error, 9, 36, message, "0.05 for 5 %");
    }

    [Fact]
    public void Latency_threshold_is_a_duration()
    {
        var error = ErrorFor(WithAlerts("alerts: { latency-p99: { threshold: 0.5 } }"), "alerts.latency-p99.threshold");

        AssertError(error, 9, 37, "'0.5' has no unit");
    }
}
