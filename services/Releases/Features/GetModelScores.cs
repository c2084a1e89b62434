using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary><c>GET /models/{id}/scores</c>: a model's benchmark scores, one history per benchmark (and variant), each with its sources.</summary>
public static class GetModelScores
{
    public sealed record ModelScores(string ModelId, IReadOnlyList<ScoreSeriesView> Series);

    public static IEndpointRouteBuilder MapGetModelScores(this IEndpointRouteBuilder app)
    {
        app.MapGet("/models/{id}/scores", Handle)
            .WithName("GetModelScores")
            .WithSummary("A model's benchmark scores: per benchmark (and variant, for a release of several models) every dated measurement with its source "
                + "and confidence, and the latest. benchmark filters by a benchmark's key, name or an other benchmark's label. 404 for an id with neither a model nor scores.")
            .Produces<ModelScores>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(string id, IQuerySession session, CancellationToken cancellationToken, string? benchmark = null)
    {
        var series = await session.Query<ScoreSeries>().Where(s => s.ModelId == id).ToListAsync(cancellationToken);
        if (series.Count == 0 && await session.Events.FetchStreamStateAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("model", id);
        }

        var key = benchmark is null ? null : Benchmarks.Read(benchmark)?.Key;
        return TypedResults.Ok(new ModelScores(
            id,
            [.. series
                .Where(s => benchmark is null || s.State.Benchmark == key)
                .OrderBy(s => s.State.Benchmark, StringComparer.Ordinal)
                .ThenBy(s => s.State.Variant, StringComparer.Ordinal)
                .Select(ScoreSeriesView.From)]));
    }
}
