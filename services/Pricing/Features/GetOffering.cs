using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary><c>GET /offerings/{id}</c>: one offering with its dated timeline, its price today, and its stream version as ETag.</summary>
public static class GetOffering
{
    public static IEndpointRouteBuilder MapGetOffering(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offerings/{id}", Handle)
            .WithName("GetOffering")
            .WithSummary("One offering: its link to the catalog, its price today and its whole dated timeline (USD and original currency). ETag is the stream version.")
            .Produces<OfferingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await session.LoadAsync<OfferingListing>(id, cancellationToken);
        if (view is null)
        {
            return Problems.NotFound("offering", id);
        }

        StreamETag.Set(response, view.Version);
        return TypedResults.Ok(OfferingResponse.From(view, clock.UtcDate()));
    }
}
