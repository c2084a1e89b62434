using Intelligence.Platform;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary><c>GET /measures/{id}</c>: one measure with its timeline, its status as of a date (today by default), and its stream version as ETag.</summary>
public static class GetMeasure
{
    public static IEndpointRouteBuilder MapGetMeasure(this IEndpointRouteBuilder app)
    {
        app.MapGet("/measures/{id}", Handle)
            .WithName("GetMeasure")
            .WithSummary("One measure: what it is, its whole timeline in date order, its status as of asOf (default today). ETag is the stream version (send it back as If-Match).")
            .Produces<MeasureView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(
        string id, IQuerySession session, TimeProvider clock, HttpResponse response, CancellationToken cancellationToken, DateOnly? asOf = null)
    {
        var entry = await session.LoadAsync<MeasureEntry>(id, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("measure", id);
        }

        StreamETag.Set(response, entry.Version);
        return TypedResults.Ok(MeasureView.From(entry, asOf ?? clock.UtcDate()));
    }
}
