using Intelligence.Adoption.Projections;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /observations/{id}</c>: one observation, with its series' version as ETag.</summary>
public static class GetObservation
{
    public static IEndpointRouteBuilder MapGetObservation(this IEndpointRouteBuilder app)
    {
        app.MapGet("/observations/{id}", Handle)
            .WithName("GetObservation")
            .WithSummary("One observation (retracted ones too, marked), with its series' version as ETag: send it back as If-Match to correct or retract.")
            .Produces<ObservationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, HttpResponse response, CancellationToken cancellationToken)
    {
        var locator = await session.LoadAsync<ObservationLocator>(id, cancellationToken);
        var entry = locator is null ? null : await session.LoadAsync<SeriesEntry>(locator.SeriesId, cancellationToken);
        if (entry is null || !entry.State.Points.TryGetValue(id, out var point))
        {
            return Problems.NotFound("observation", id);
        }

        StreamETag.Set(response, entry.Version);
        return TypedResults.Ok(ObservationView.From(entry.State, point, entry.Version));
    }
}
