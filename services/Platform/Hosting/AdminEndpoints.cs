using Intelligence.Platform.Http;
using Intelligence.Platform.Messaging;
using Intelligence.Platform.Security;
using JasperFx;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Intelligence.Platform;

/// <summary>
/// What an operator needs of a service's store: how far the relay and the projections have got, and a replay of
/// integration events from a position (for a team binding a new queue, or after a consumer lost its data).
/// Replays are safe because consumers drop messages they have already handled by their id.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(ApiRoles.Operator).WithTags("Admin");

        admin.MapGet("/progress", async (IDocumentStore store, CancellationToken cancellationToken) =>
            {
                var shards = await store.Advanced.AllProjectionProgress(token: cancellationToken);
                var statistics = await store.Advanced.FetchEventStoreStatistics(token: cancellationToken);
                var highWaterMark = shards.FirstOrDefault(shard => shard.ShardName == HighWaterMarkShard)?.Sequence ?? 0;
                return TypedResults.Ok(new StoreProgress(
                    statistics.EventCount,
                    statistics.StreamCount,
                    highWaterMark,
                    [.. shards
                        .Where(shard => shard.ShardName != HighWaterMarkShard)
                        .OrderBy(shard => shard.ShardName, StringComparer.Ordinal)
                        .Select(shard => new ShardProgress(shard.ShardName, shard.Sequence, Math.Max(0, highWaterMark - shard.Sequence)))]));
            })
            .WithName("GetStoreProgress")
            .WithSummary("The store's high-water mark and how far the relay and each asynchronous projection have got.");

        admin.MapGet("/projections", (IDocumentStore store) => TypedResults.Ok(ProjectionNames(store)))
            .WithName("ListProjections")
            .WithSummary("The store's projections, by the name a rebuild takes.");

        admin.MapPost("/projections/{name}/rebuild", async Task<IResult> (string name, IDocumentStore store, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                if (!ProjectionNames(store).Contains(name, StringComparer.Ordinal))
                {
                    return Problems.NotFound("projection", name);
                }

                if (services.GetService(typeof(IProjectionCoordinator)) is not IProjectionCoordinator coordinator)
                {
                    return Problems.Conflict("daemon-runs-here", "This instance runs no async daemon (Marten:DaemonMode is Disabled); ask an instance that does.");
                }

                // Replays every event through the projection into fresh documents; readers see the old ones until it ends.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var daemon = coordinator.DaemonForMainDatabase();
                var running = daemon.CurrentAgents()
                    .Where(agent => agent.Status == AgentStatus.Running && agent.Name.Identity.StartsWith(name + ":", StringComparison.Ordinal))
                    .Select(agent => agent.Name)
                    .ToList();
                await daemon.RebuildProjectionAsync(name, RebuildTimeout, cancellationToken);

                // The daemon leaves an async projection's agents stopped after its rebuild: without a start here, no
                // later event would reach the projection until the service restarted. Only the agents that ran before
                // are started: an inline projection's rebuild leaves an agent behind that must never run on.
                foreach (var shard in running)
                {
                    await daemon.StartAgentAsync(shard, cancellationToken);
                }

                return TypedResults.Ok(new RebuildDone(name, Math.Round(clock.Elapsed.TotalSeconds, 2)));
            })
            .WithName("RebuildProjection")
            .WithSummary("Rebuilds a projection from every stored event (operator). 404 for an unknown projection name.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        admin.MapPost("/relay/replay", async Task<IResult> (ReplayRequest request, IServiceProvider services, CancellationToken cancellationToken) =>
            {
                // Required: a body that forgot the position must not replay the whole store from 0.
                var validation = new Validation()
                    .Check(request.AfterPosition is not null, "afterPosition", "is required: the event position to publish after (0 for all)")
                    .Check(request.AfterPosition is null or >= 0, "afterPosition", "must be 0 or more (an event position)");
                if (!validation.IsValid)
                {
                    return validation.ToProblem();
                }

                // With Marten:DaemonMode=Disabled this instance runs no relay; another instance of the service does.
                if (services.GetService(typeof(IProjectionCoordinator)) is not IProjectionCoordinator coordinator)
                {
                    return Problems.Conflict("daemon-runs-here", "This instance runs no async daemon (Marten:DaemonMode is Disabled); ask an instance that does.");
                }

                var afterPosition = request.AfterPosition!.Value;
                await coordinator.DaemonForMainDatabase().RewindSubscriptionAsync(
                    IntegrationEventRelay.SubscriptionName, cancellationToken, sequenceFloor: afterPosition);
                return TypedResults.Accepted((string?)null, new ReplayStarted(afterPosition));
            })
            .WithName("ReplayIntegrationEvents")
            .WithSummary("Publishes again every integration event after a position; consumers de-duplicate by message id.")
            .ProducesValidationProblem();

        return app;
    }

    private const string HighWaterMarkShard = "HighWaterMark";

    private static readonly TimeSpan RebuildTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The projections a rebuild takes; the relay is a subscription, replayed instead. Marten quotes the names it lists.</summary>
    private static IReadOnlyList<string> ProjectionNames(IDocumentStore store) =>
    [
        .. ((DocumentStore)store).Options.Projections.AllProjectionNames()
            .Select(name => name.Trim('\''))
            .Where(name => name != IntegrationEventRelay.SubscriptionName)
            .Order(StringComparer.Ordinal),
    ];

    public sealed record RebuildDone(string Projection, double Seconds);

    public sealed record ReplayRequest(long? AfterPosition);

    public sealed record ReplayStarted(long AfterPosition);

    public sealed record StoreProgress(long Events, long Streams, long HighWaterMark, IReadOnlyList<ShardProgress> Shards);

    public sealed record ShardProgress(string Name, long Position, long Behind);
}
