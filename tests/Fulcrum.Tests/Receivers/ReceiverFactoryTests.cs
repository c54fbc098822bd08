using Fulcrum.Core.Config;
using Fulcrum.Receivers;

namespace Fulcrum.Tests.Receivers;

public sealed class ReceiverFactoryTests
{
    [Fact]
    public async Task Each_config_entry_becomes_the_receiver_of_its_kind_under_its_name()
    {
        using var http = new HttpClient();
        var receivers = ReceiverFactory.CreateAll(
            [
                new ReceiverConfig("oncall", new Uri("http://127.0.0.1:5001/hook"), null),
                new ReceiverConfig("management", null, new Uri("http://127.0.0.1:9093")),
            ],
            http,
            TimeProvider.System);

        var webhook = Assert.IsType<WebhookReceiver>(receivers[0]);
        Assert.Equal(("oncall", "webhook", "http://127.0.0.1:5001/hook"), (webhook.Name, webhook.Kind, webhook.Url.ToString()));
        var alertmanager = Assert.IsType<AlertmanagerReceiver>(receivers[1]);
        Assert.Equal(("management", "alertmanager"), (alertmanager.Name, alertmanager.Kind));
        await alertmanager.DisposeAsync();
    }

    [Fact]
    public void An_entry_with_no_target_is_refused_naming_it()
    {
        using var http = new HttpClient();

        var error = Assert.Throws<ArgumentException>(() => ReceiverFactory.Create(new ReceiverConfig("lead", null, null), http, TimeProvider.System));

        Assert.StartsWith("receiver 'lead' has neither webhook nor alertmanager", error.Message);
    }
}
