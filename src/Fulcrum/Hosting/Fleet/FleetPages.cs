using Npgsql;

namespace Fulcrum.Fleet;

/// <summary>
/// Who evaluates the fleet's alerts and which pages went out. A page is claimed in the store before it is sent
/// (one row per alert, scope and tier), so a leader that takes over mid-incident does not page a tier again;
/// the claims are released when the alert resolves.
/// </summary>
internal sealed class FleetPages(FleetStore store)
{
    public async Task RecordLeaderAsync(string instance, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand(
            """
            INSERT INTO fulcrum_leader (id, instance, since, evaluated_at) VALUES (1, @instance, @since, now())
            ON CONFLICT (id) DO UPDATE SET instance = EXCLUDED.instance, since = EXCLUDED.since, evaluated_at = now()
            """);
        command.Parameters.AddWithValue("instance", instance);
        command.Parameters.AddWithValue("since", since);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The current evaluator and how long ago (database clock) it last evaluated; null before any.</summary>
    public async Task<(string Instance, DateTimeOffset Since, TimeSpan Age)?> LeaderAsync(CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand("SELECT instance, since, now() - evaluated_at FROM fulcrum_leader WHERE id = 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetTimeSpan(2))
            : null;
    }

    /// <summary>True when this call claimed the page (nobody sent it before): only then is it sent.</summary>
    public async Task<bool> ClaimAsync(string alert, string cluster, string? destination, int tier, string by, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand(
            """
            INSERT INTO fulcrum_pages (alert, cluster, destination, tier, paged_by) VALUES (@alert, @cluster, @destination, @tier, @by)
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("alert", alert);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("destination", destination ?? "");
        command.Parameters.AddWithValue("tier", tier);
        command.Parameters.AddWithValue("by", by);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Forgets the pages of a resolved alert, so the next incident pages afresh.</summary>
    public async Task ReleaseAsync(string alert, string cluster, string? destination, CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand("DELETE FROM fulcrum_pages WHERE alert = @alert AND cluster = @cluster AND destination = @destination");
        command.Parameters.AddWithValue("alert", alert);
        command.Parameters.AddWithValue("cluster", cluster);
        command.Parameters.AddWithValue("destination", destination ?? "");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string Alert, string Cluster, string Destination)>> ClaimsAsync(CancellationToken cancellationToken)
    {
        await using var command = store.Source.CreateCommand("SELECT DISTINCT alert, cluster, destination FROM fulcrum_pages");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claims = new List<(string, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claims.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return claims;
    }

    /// <summary>Takes the fleet evaluator's session lock on <paramref name="connection"/>; it is held until that session ends.</summary>
    public static async Task<bool> TryLeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", FleetSchema.LeaderLockKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
