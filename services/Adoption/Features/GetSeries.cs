using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /series/{id}</c>: one series with its points and milestones.</summary>
public static class GetSeries
{
    public static IEndpointRouteBuilder MapGetSeries(this IEndpointRouteBuilder app)
    {
        app.MapGet("/series/{id}", Handle)
            .WithName("GetSeries")
            .WithSummary("One series: subject with its catalog link, its standing points oldest first (includeRetracted=true shows retracted ones, marked), latest value and milestones. ETag is the series' version.")
            .Produces<SeriesView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(
        string id, IQuerySession session, RegionCatalog regions, HttpResponse response, CancellationToken cancellationToken, bool includeRetracted = false)
    {
        var entry = await session.LoadAsync<SeriesEntry>(id, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("series", id);
        }

        var link = await StoredLinks.OfAsync(session, [entry.State], cancellationToken);
        StreamETag.Set(response, entry.Version);
        return TypedResults.Ok(SeriesView.From(entry, link(entry.State), regions, includeRetracted));
    }
}
