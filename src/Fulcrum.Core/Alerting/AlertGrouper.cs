namespace Fulcrum.Core.Alerting;

/// <summary>
/// Folds the engine's per-alert notifications into one notification per group, as Alertmanager's
/// <c>group_by: [cluster]</c> does (per tier and receiver, since tiers escalate on their own). A new group waits
/// <c>group_wait</c> to collect the alerts of one incident, then sends them together; alerts that join a group
/// already notified are sent in one update after <c>group_interval</c>; when every alert of a notified group has
/// resolved, one resolved notification ends it. A group whose alerts all resolve before its first notification
/// is dropped: nobody was told. Not thread-safe: the alert pipeline calls it under its lock. Time comes from the
/// caller (the evaluation time), so a fake clock drives it.
/// </summary>
public sealed class AlertGrouper
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    /// <summary>Groups with at least one alert not yet resolved or not yet told resolved.</summary>
    public int OpenGroups => _groups.Count;

    /// <summary>Takes this evaluation's notifications and returns the group notifications due at <paramref name="now"/>.</summary>
    public IReadOnlyList<AlertGroup> Step(IEnumerable<AlertNotification> notifications, DateTimeOffset now, TimeSpan groupWait, TimeSpan groupInterval)
    {
        foreach (var notification in notifications)
        {
            foreach (var receiver in notification.Receivers)
            {
                var key = $"{notification.Alert.Cluster}\n{notification.Tier}\n{receiver}";
                if (!_groups.TryGetValue(key, out var group))
                {
                    if (notification.Kind == AlertNotificationKind.Resolved)
                    {
                        continue; // a group already closed: its resolution was told with it
                    }
                    group = new Group(notification.Alert.Cluster, notification.Tier, receiver, now);
                    _groups[key] = group;
                }
                group.Add(notification.Alert);
            }
        }
        var due = new List<AlertGroup>();
        foreach (var (key, group) in _groups.ToArray())
        {
            if (group.Due(now, groupWait, groupInterval) is { } kind)
            {
                due.Add(group.Send(kind, now));
            }
            if (group.Closed)
            {
                _groups.Remove(key);
            }
        }
        return due;
    }

    private sealed class Group(string cluster, int tier, string receiver, DateTimeOffset created)
    {
        // By alert id, in the order the alerts joined; the view is the latest the engine gave.
        private readonly Dictionary<string, Alert> _alerts = new(StringComparer.Ordinal);
        private DateTimeOffset? _lastSent;
        private bool _changed;

        public bool Closed { get; private set; }

        public void Add(Alert alert)
        {
            if (!_alerts.ContainsKey(alert.Id) && alert.State != AlertState.Resolved)
            {
                _changed = true;
            }
            _alerts[alert.Id] = alert;
        }

        public AlertNotificationKind? Due(DateTimeOffset now, TimeSpan groupWait, TimeSpan groupInterval)
        {
            var allResolved = _alerts.Values.All(a => a.State == AlertState.Resolved);
            if (_lastSent is null)
            {
                if (allResolved)
                {
                    Closed = true; // resolved within group_wait: nobody was told, nobody needs an all-clear
                    return null;
                }
                return now - created >= groupWait ? AlertNotificationKind.Firing : null;
            }
            if (allResolved)
            {
                return AlertNotificationKind.Resolved;
            }
            return _changed && now - _lastSent.Value >= groupInterval ? AlertNotificationKind.Firing : null;
        }

        public AlertGroup Send(AlertNotificationKind kind, DateTimeOffset now)
        {
            _lastSent = now;
            _changed = false;
            Closed = kind == AlertNotificationKind.Resolved;
            var alerts = _alerts.Values
                .Where(a => kind == AlertNotificationKind.Resolved || a.State != AlertState.Resolved)
                .OrderBy(a => a.FiredAt ?? a.Since)
                .ThenBy(a => a.Id, StringComparer.Ordinal)
                .ToArray();
            return new AlertGroup(kind, cluster, tier, receiver, alerts, now);
        }
    }
}
