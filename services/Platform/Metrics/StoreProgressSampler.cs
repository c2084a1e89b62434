using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Intelligence.Platform.Messaging;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Intelligence.Platform.Metrics;

/// <summary>One shard of the daemon (the relay, or an asynchronous projection) as the store records it.</summary>
/// <param name="Name">Marten's shard name, e.g. <c>IntegrationEventRelay:All</c>.</param>
/// <param name="Position">Highest event sequence number it has applied.</param>
/// <param name="OldestPendingAge">Age of the first event after <paramref name="Position"/>, when there is one.</param>
public sealed record ShardSample(string Name, long Position, TimeSpan? OldestPendingAge);

/// <summary>
/// Samples, every few seconds, how far the relay and each asynchronous projection are behind the store's head, in
/// events and in seconds, from the store itself: every instance of a service reports the same truth, whichever one
/// runs the daemon. Also reports whether this instance runs the daemon.
/// </summary>
public sealed partial class StoreProgressSampler(
    IDocumentStore store,
    ServiceIdentity service,
    IServiceProvider services,
    IOptions<ObservabilityOptions> options,
    ILogger<StoreProgressSampler> logger) : BackgroundService
{
    public const string HighWaterMarkShard = "HighWaterMark";

    private readonly HashSet<string> _shardsSeenRunning = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.SampleSeconds);
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                Record(service.Name, await SampleAsync(stoppingToken));
                RecordShardsRunningHere();
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The database being away is what /health/ready reports; the gauges keep their last values.
                LogSampleFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Sets the lag gauges from one sample: pure, apart from the gauges.</summary>
    public static void Record(string serviceName, IReadOnlyList<ShardSample> shards)
    {
        var highWaterMark = shards.FirstOrDefault(shard => shard.Name == HighWaterMarkShard)?.Position ?? 0;
        PlatformMetrics.HighWaterMark.WithLabels(serviceName).Set(highWaterMark);
        foreach (var shard in shards.Where(shard => shard.Name != HighWaterMarkShard))
        {
            var (behind, seconds) = Lag(shard, highWaterMark);
            if (IsRelay(shard.Name))
            {
                PlatformMetrics.RelayPosition.WithLabels(serviceName).Set(shard.Position);
                PlatformMetrics.RelayLagEvents.WithLabels(serviceName).Set(behind);
                PlatformMetrics.RelayLagSeconds.WithLabels(serviceName).Set(seconds);
            }
            else
            {
                var name = shard.Name.Split(':')[0];
                PlatformMetrics.ProjectionPosition.WithLabels(serviceName, name).Set(shard.Position);
                PlatformMetrics.ProjectionLagEvents.WithLabels(serviceName, name).Set(behind);
                PlatformMetrics.ProjectionLagSeconds.WithLabels(serviceName, name).Set(seconds);
            }
        }
    }

    /// <summary>
    /// Events behind the high-water mark, and the age of the oldest of them. A shard at the mark lags by nothing, even
    /// when later events are being committed: readers cannot see those yet.
    /// </summary>
    public static (long Events, double Seconds) Lag(ShardSample shard, long highWaterMark)
    {
        var behind = Math.Max(0, highWaterMark - shard.Position);
        return behind == 0 ? (0, 0) : (behind, Math.Max(0, shard.OldestPendingAge?.TotalSeconds ?? 0));
    }

    private async Task<IReadOnlyList<ShardSample>> SampleAsync(CancellationToken cancellationToken)
    {
        var options = ((DocumentStore)store).Options;
        var schema = options.Events.DatabaseSchemaName;

        // Every shard the store declares, at position 0 until the daemon first records it, so a relay that has
        // never run shows its whole backlog rather than no series at all. Ages are by the database's clock, the one
        // that stamped the events.
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            select n.name, coalesce(p.last_seq_id, 0),
                   extract(epoch from now() - (select e.timestamp from {schema}.mt_events e
                                               where e.seq_id > coalesce(p.last_seq_id, 0) order by e.seq_id limit 1))::float8
            from unnest(@shards) as n(name)
            left join {schema}.mt_event_progression p on p.name = n.name
            """);
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("shards", (string[])[HighWaterMarkShard, .. options.Projections.AllShards().Select(shard => shard.Name.Identity)]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var shards = new List<ShardSample>();
        while (await reader.ReadAsync(cancellationToken))
        {
            shards.Add(new ShardSample(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetDouble(2))));
        }

        return shards;
    }

    /// <summary>
    /// Marten's hot/cold daemon takes a lock per set of shards, so two instances may each run some: the relay is led by
    /// whichever instance runs its shard, and each shard says where it runs.
    /// </summary>
    private void RecordShardsRunningHere()
    {
        var running = services.GetService<IProjectionCoordinator>()?.DaemonForMainDatabase().CurrentAgents()
            .Where(agent => agent.Status == AgentStatus.Running)
            .Select(agent => agent.Name.Identity)
            .ToHashSet(StringComparer.Ordinal) ?? [];
        PlatformMetrics.DaemonLeader.WithLabels(service.Name).Set(running.Any(IsRelay) ? 1 : 0);
        foreach (var shard in running.Union(_shardsSeenRunning, StringComparer.Ordinal).ToList())
        {
            PlatformMetrics.DaemonShardRunning.WithLabels(service.Name, shard).Set(running.Contains(shard) ? 1 : 0);
            _shardsSeenRunning.Add(shard);
        }
    }

    /// <summary>Whether a shard name (<c>IntegrationEventRelay:All</c>) is the relay's: one test for the lag gauges and the leader gauge.</summary>
    private static bool IsRelay(string shard) => shard.Split(':')[0] == IntegrationEventRelay.SubscriptionName;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sample the store's progress for the lag metrics")]
    private partial void LogSampleFailed(Exception exception);
}

/// <summary>The settings under <c>Observability</c>, checked at start.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>How often the lag gauges are read from the store, in seconds.</summary>
    [Range(0.2, 300)]
    public double SampleSeconds { get; init; } = 5;
}
