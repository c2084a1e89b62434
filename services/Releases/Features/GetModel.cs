using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /models/{id}</c>: one model, with its stream version as ETag.</summary>
public static class GetModel
{
    public static IEndpointRouteBuilder MapGetModel(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models/{id}", Handle)
            .WithName("GetModel")
            .WithSummary("One model of the catalog, with its stream version as ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<ModelView>, ProblemHttpResult>> Handle(
        string id, IQuerySession session, Countries countries, HttpResponse response, CancellationToken cancellationToken)
    {
        var model = await session.LoadAsync<Model>(id, cancellationToken);
        if (model is null)
        {
            return Problems.NotFound("model", id);
        }

        StreamETag.Set(response, model.Version);
        return TypedResults.Ok(ModelView.From(model, countries));
    }
}
