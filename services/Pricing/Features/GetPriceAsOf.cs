using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /offerings/{id}/price?asOf=</c>: the price of an offering in force on any date.</summary>
public static class GetPriceAsOf
{
    /// <param name="Price">The price in force on <paramref name="AsOf"/>; null before the first listing or after a price closed.</param>
    public sealed record PriceAsOf(string OfferingId, DateOnly AsOf, PricePointResponse? Price);

    public static IEndpointRouteBuilder MapGetPriceAsOf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offerings/{id}/price", Handle)
            .WithName("GetPriceAsOf")
            .WithSummary("The price in force on asOf (default today): the latest list price on or before it unless closed, or an active promotion; "
                + "when a promotion ends the list price returns. null when no price was in force.")
            .Produces<PriceAsOf>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, TimeProvider clock, CancellationToken cancellationToken, DateOnly? asOf = null)
    {
        var view = await session.LoadAsync<OfferingListing>(id, cancellationToken);
        if (view is null)
        {
            return Problems.NotFound("offering", id);
        }

        var date = asOf ?? clock.UtcDate();
        var point = PriceTimeline.AsOf(view.State.Timeline, date);
        return TypedResults.Ok(new PriceAsOf(id, date, point is null ? null : PricePointResponse.From(point)));
    }
}
