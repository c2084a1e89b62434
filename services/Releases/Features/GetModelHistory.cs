using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /models/{id}/history</c>: a model's events in order, each with when it was recorded and when it took effect.</summary>
public static class GetModelHistory
{
    /// <param name="Type">announced, access-changed, details-corrected or retired.</param>
    /// <param name="EffectiveOn">The domain date: release, access change or retirement; for a correction, the day it was recorded.</param>
    public sealed record HistoryEntry(long Version, string Type, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string Source, object Data);

    public static IEndpointRouteBuilder MapGetModelHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models/{id}/history", Handle)
            .WithName("GetModelHistory")
            .WithSummary("A model's events in order, with recorded and effective dates. Corrections appear as events: history is never rewritten.")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0)
        {
            return Problems.NotFound("model", id);
        }

        return TypedResults.Ok(events
            .Where(e => e.Data is IModelEvent)
            .Select(e =>
            {
                var data = (IModelEvent)e.Data;
                var (type, effectiveOn) = data switch
                {
                    ModelAnnounced announced => ("announced", announced.Details.ReleasedOn),
                    ModelAccessChanged changed => ("access-changed", changed.EffectiveOn),
                    ModelRetired retired => ("retired", retired.RetiredOn),
                    _ => ("details-corrected", DateOnly.FromDateTime(e.Timestamp.UtcDateTime)),
                };
                return new HistoryEntry(e.Version, type, effectiveOn, e.Timestamp, data.Source, data);
            })
            .ToList());
    }
}
