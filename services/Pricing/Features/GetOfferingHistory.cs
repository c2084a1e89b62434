using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /offerings/{id}/history</c>: an offering's events in order, each with when it was recorded and when it took effect.</summary>
public static class GetOfferingHistory
{
    /// <param name="Type">price-listed, price-changed, price-closed, price-cut-detected, free-access-introduced or promotion-ended.</param>
    public sealed record HistoryEntry(long Version, string Type, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string Source, object Data);

    public static IEndpointRouteBuilder MapGetOfferingHistory(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offerings/{id}/history", Handle)
            .WithName("GetOfferingHistory")
            .WithSummary("An offering's events in the order recorded, with their effective dates: listings, changes (with the percentage change), cuts, closings, promotions ended.")
            .Produces<IReadOnlyList<HistoryEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0 || events[0].Data is not IOfferingEvent)
        {
            return Problems.NotFound("offering", id);
        }

        return TypedResults.Ok(events
            .Where(e => e.Data is IOfferingEvent)
            .Select(e =>
            {
                var data = (IOfferingEvent)e.Data;
                var effectiveOn = data switch
                {
                    PriceListed listed => listed.Point.EffectiveOn,
                    PriceChanged changed => changed.Point.EffectiveOn,
                    PriceClosed closed => closed.ClosedOn,
                    PriceCutDetected cut => cut.EffectiveOn,
                    FreeAccessIntroduced free => free.EffectiveOn,
                    PromotionEnded ended => ended.EndedOn,
                    _ => DateOnly.FromDateTime(e.Timestamp.UtcDateTime),
                };
                return new HistoryEntry(e.Version, EventNames.Of(data), effectiveOn, e.Timestamp, data.Source, data);
            })
            .ToList());
    }
}
