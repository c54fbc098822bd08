using Fulcrum.Core.Config.Yaml;
using Fulcrum.Core.Text;

namespace Fulcrum.Core.Config.Reading;

/// <summary>
/// <c>alerts: { error-rate, latency-p99, escalation: [{ after, notify }], receivers: { NAME: { webhook | alertmanager } } }</c>.
/// Whether tiers name defined receivers is checked by <see cref="CrossReferenceValidator"/>.
/// </summary>
internal static class AlertsReader
{
    public static AlertsConfig Read(ReadContext ctx, ConfigNode? node)
    {
        var defaults = AlertsConfig.Default;
        if (node is null || ctx.Map(node, "alerts", ConfigKeys.Alerts) is not { } map)
        {
            return defaults;
        }
        return new AlertsConfig(
            ReadErrorRate(map) ?? defaults.ErrorRate,
            ReadLatency(map) ?? defaults.LatencyP99,
            map["escalation"] is { } escalation ? ReadEscalation(ctx, escalation) : defaults.Escalation,
            map["receivers"] is { } receivers ? ReadReceivers(ctx, receivers) : defaults.Receivers)
        {
            GroupWait = map.Duration("group-wait", allowZero: true) ?? defaults.GroupWait,
            GroupInterval = map.Duration("group-interval") ?? defaults.GroupInterval,
            RunbookBase = map.String("runbook-base") ?? defaults.RunbookBase,
        };
    }

    private static ErrorRateAlertConfig? ReadErrorRate(MapReader alerts)
    {
        if (alerts.Section("error-rate", ConfigKeys.AlertRule) is not { } map)
        {
            return null;
        }
        var defaults = AlertsConfig.Default.ErrorRate;
        var threshold = map.Number("threshold", "a fraction of failed requests above 0 and at most 1, e.g. 0.05 for 5 %");
        if (threshold is <= 0 or > 1)
        {
            map.Fail("threshold", $"{threshold} is outside (0, 1]; the error-rate threshold is a fraction of requests, e.g. 0.05 for 5 %");
            threshold = null;
        }
        return new ErrorRateAlertConfig(threshold ?? defaults.Threshold, map.Duration("for", allowZero: true) ?? defaults.For);
    }

    private static LatencyAlertConfig? ReadLatency(MapReader alerts)
    {
        if (alerts.Section("latency-p99", ConfigKeys.AlertRule) is not { } map)
        {
            return null;
        }
        var defaults = AlertsConfig.Default.LatencyP99;
        return new LatencyAlertConfig(map.Duration("threshold") ?? defaults.Threshold, map.Duration("for", allowZero: true) ?? defaults.For);
    }

    private static IReadOnlyList<EscalationTier> ReadEscalation(ReadContext ctx, ConfigNode node)
    {
        var tiers = new List<EscalationTier>();
        var items = ctx.List(node, "alerts.escalation", "tiers, e.g. - { after: 15m, notify: [lead] }");
        TimeSpan? previous = null;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"alerts.escalation[{i}]";
            if (ctx.Map(items[i], path, ConfigKeys.EscalationTier) is not { } map)
            {
                continue;
            }
            var after = map.Required("after", "how long after the alert fires this tier is notified, e.g. 0s, 15m, 1h") is not null
                ? map.Duration("after", allowZero: true)
                : null;
            if (after is not null && previous is not null && after <= previous)
            {
                map.Fail("after", $"{Duration.Format(after.Value)} is not later than the previous tier's {Duration.Format(previous.Value)}; list tiers in increasing 'after' order");
            }
            previous = after ?? previous;
            var notify = ReadNotify(ctx, map, i);
            if (after is not null && notify.Count > 0)
            {
                tiers.Add(new EscalationTier(after.Value, notify));
            }
        }
        return tiers;
    }

    private static List<string> ReadNotify(ReadContext ctx, MapReader tier, int index)
    {
        var names = new List<string>();
        if (tier.Required("notify", "a list of receiver names, e.g. notify: [oncall]") is not { } node)
        {
            return names;
        }
        var items = ctx.List(node, tier.PathOf("notify"), "receiver names, e.g. [oncall]");
        if (node is ListNode && items.Count == 0)
        {
            ctx.Error(node, tier.PathOf("notify"), "the list is empty; name at least one receiver defined under alerts.receivers");
        }
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{tier.PathOf("notify")}[{i}]";
            if (Values.String(ctx, items[i], path, "a receiver name") is { } name)
            {
                names.Add(name);
                ctx.References.Add(new NameReference("alerts.receivers", name, ctx.At(items[i]), path,
                    $"escalation tier {index + 1} notifies receiver {SafeText.Quote(name)}"));
            }
        }
        return names;
    }

    private static IReadOnlyList<ReceiverConfig> ReadReceivers(ReadContext ctx, ConfigNode node)
    {
        var receivers = new List<ReceiverConfig>();
        foreach (var entry in ctx.NamedMap(node, "alerts.receivers", "receiver"))
        {
            var name = entry.Key.Value;
            if (ctx.Map(entry.Value, $"alerts.receivers.{name}", ConfigKeys.Receiver) is not { } map)
            {
                continue;
            }
            var hasWebhook = map["webhook"] is not null;
            var hasAlertmanager = map["alertmanager"] is not null;
            if (hasWebhook == hasAlertmanager)
            {
                map.FailHere(hasWebhook
                    ? "a receiver has both 'webhook' and 'alertmanager'; give exactly one (split it into two receivers to notify both)"
                    : "a receiver needs exactly one of 'webhook: URL' (JSON POST) or 'alertmanager: URL' (Alertmanager API)");
                continue;
            }
            var webhook = map.Url("webhook", UrlUse.Target);
            var alertmanager = map.Url("alertmanager", UrlUse.Target);
            if (webhook is not null || alertmanager is not null)
            {
                receivers.Add(new ReceiverConfig(name, webhook, alertmanager));
            }
        }
        return receivers;
    }
}
