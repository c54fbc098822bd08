using Fulcrum.Core.Alerting;

namespace Fulcrum.Fleet;

/// <summary>
/// Acknowledgements shared by the fleet (<c>fulcrum_acks</c>): the latest per alert name and scope. Each instance runs
/// its own alert engine with its own alert ids, so an acknowledgement travels by what the alert is about — name,
/// cluster, destination — and covers an alert of that scope that began before it was made (a later incident of the
/// same scope needs a new one).
/// </summary>
internal sealed class FleetAcks(FleetStore store)
{
    /// <summary>Records that <paramref name="alert"/> was acknowledged (by whom, when, on which instance).</summary>
    public async Task RecordAsync(Alert alert, string instance, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand(
            """
            INSERT INTO fulcrum_acks (alert, cluster, destination, acked_by, acked_at, instance)
            VALUES (@alert, @cluster, @destination, @by, @at, @instance)
            ON CONFLICT (alert, cluster, destination) DO UPDATE SET acked_by = EXCLUDED.acked_by, acked_at = EXCLUDED.acked_at,
                instance = EXCLUDED.instance
            WHERE fulcrum_acks.acked_at < EXCLUDED.acked_at
            """);
        command.Parameters.AddWithValue("alert", alert.Name);
        command.Parameters.AddWithValue("cluster", alert.Cluster);
        command.Parameters.AddWithValue("destination", alert.Destination ?? "");
        command.Parameters.AddWithValue("by", alert.AcknowledgedBy ?? "admin-api");
        command.Parameters.AddWithValue("at", alert.AcknowledgedAt ?? DateTimeOffset.UtcNow);
        command.Parameters.AddWithValue("instance", instance);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SharedAck>> ReadAsync(CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand("SELECT alert, cluster, destination, acked_by, acked_at, instance FROM fulcrum_acks");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var acks = new List<SharedAck>();
        while (await reader.ReadAsync(cancellationToken))
        {
            acks.Add(new SharedAck(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
        }
        return acks;
    }

    /// <summary>The firing alerts among <paramref name="alerts"/> that a shared acknowledgement covers, with it.</summary>
    public static IEnumerable<(Alert Alert, SharedAck Ack)> Covered(IEnumerable<Alert> alerts, IReadOnlyList<SharedAck> acks) =>
        from alert in alerts
        where alert.State == AlertState.Firing
        join ack in acks on (alert.Name, alert.Cluster, alert.Destination ?? "") equals (ack.Alert, ack.Cluster, ack.Destination)
        where ack.At >= alert.Since
        select (alert, ack);
}

/// <summary>One shared acknowledgement: which alert and scope, by whom, when, made on which instance.</summary>
internal sealed record SharedAck(string Alert, string Cluster, string Destination, string By, DateTimeOffset At, string Instance);
