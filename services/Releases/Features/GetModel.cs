using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /models/{id}</c>: one model, with its stream version as ETag.</summary>
public static class GetModel
{
    public static IEndpointRouteBuilder MapGetModel(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models/{id}", Handle)
            .WithName("GetModel")
            .WithSummary("One model of the catalog, with its stream version as ETag (send it back as If-Match on a command).")
            .Produces<ModelView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(
        string id, IDocumentSession session, Countries countries, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        // A client holding the model as of its stream's version (the gateway's dossier, asking again) needs only that
        // version: one lookup of the stream, no fold.
        var held = request.Headers.IfNoneMatch.ToString();
        if (held.Length > 0 && await session.Events.FetchStreamStateAsync(id, cancellationToken) is { } stream && held == StreamETag.For(stream.Version))
        {
            response.Headers.ETag = held;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        // The catalog is kept by the async daemon: the latest fold reads its stored entry and the events it has not
        // taken yet, so a model reads as its last command left it.
        var entry = await session.Events.FetchLatest<CatalogEntry>(id, cancellationToken);
        if (entry is null)
        {
            return Problems.NotFound("model", id);
        }

        response.Headers.ETag = StreamETag.For(entry.StreamVersion);
        return TypedResults.Ok(ModelView.From(entry, countries));
    }
}
