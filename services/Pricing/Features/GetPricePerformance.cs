using System.ComponentModel;
using System.Globalization;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Projections;
using Marten;

namespace Intelligence.Pricing.Features;

/// <summary>
/// <c>GET /price-performance?benchmark=&amp;min=&amp;asOf=</c>: per bloc, the cheapest API offering (blended USD per million
/// tokens) whose model's latest score on the benchmark as of the date is at least <c>min</c>, with every offering
/// that qualifies. Counted from the benchmark's score histories (an indexed query) and the API offerings of the models
/// they name (indexed by model), never every offering, once per day and change: the answer is kept per day
/// (<see cref="DayCells"/>, read <see cref="ModelScore.QualityRead"/>) until a score, a priced model or the catalog
/// replica marks it stale, so a read of unchanged data is a probe and a cell, however many models the benchmark scores.
/// </summary>
public static class GetPricePerformance
{
    /// <param name="Model">The model's name, when the catalog replica knows it.</param>
    /// <param name="Variant">The member of the model's release the score is of, when the score names one.</param>
    /// <param name="Price">The price in force on the date, with its source.</param>
    /// <param name="Score">The model's latest score on the benchmark on or before the date, with its source.</param>
    public sealed record Qualifying(
        string OfferingId, string Provider, string Offering, string ModelId, string? Model, string? Variant, decimal BlendedUsdPerMillion,
        PricePointResponse Price, ScoreResponse Score);

    /// <param name="Cheapest">The qualifying offering with the lowest blended USD price (ties: the higher score).</param>
    /// <param name="Offerings">Every qualifying offering of the bloc, cheapest first.</param>
    public sealed record BlocAnswer(string Bloc, Qualifying Cheapest, IReadOnlyList<Qualifying> Offerings);

    /// <param name="Min">The score an offering's model must reach; null: every scored offering qualifies.</param>
    /// <param name="ScoredModels">Models with a score on the benchmark by the date.</param>
    public sealed record PricePerformance(BenchmarkResponse Benchmark, decimal? Min, DateOnly AsOf, int ScoredModels, IReadOnlyList<BlocAnswer> Blocs);

    public static IEndpointRouteBuilder MapGetPricePerformance(this IEndpointRouteBuilder app)
    {
        app.MapGet("/price-performance", Handle)
            .WithName("GetPricePerformance")
            .WithSummary("Per bloc (of the model's origin), the cheapest API offering by blended USD price (per million tokens, input 3 : output 1) in force on asOf "
                + "(default today) whose model's latest score on the benchmark (default lmarena-text) on or before asOf is at least min (absent: any score), "
                + "with the score's date and source and the price's source, and every offering that qualifies. An offering of a release that names several "
                + "models takes the score of the one it is named for. A benchmark with no scores is 400 naming benchmark, listing those with scores.")
            .Produces<PricePerformance>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description(QualityQueries.BenchmarkDescription)] string? benchmark = null,
        [Description("The lowest score that qualifies, on the benchmark's scale (an Elo-style rating for lmarena-text, a percentage for the others).")] decimal? min = null,
        DateOnly? asOf = null)
    {
        var (found, problem) = await QualityQueries.FindAsync(session, benchmark, cancellationToken);
        if (found is null)
        {
            return problem!;
        }

        var described = BenchmarkResponse.Of(found);
        var validation = new Validation()
            .Check(min is null || described.Min is null || min >= described.Min, "min", $"must be within {described.Name}'s scale, {described.Min} to {described.Max}")
            .Check(min is null || described.Max is null || min <= described.Max, "min", $"must be within {described.Name}'s scale, {described.Min} to {described.Max}");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var variant = $"performance/{found.Benchmark}/{min?.ToString(CultureInfo.InvariantCulture) ?? "any"}";
        return TypedResults.Ok(await DayCells.ReadAsync(
            session, ModelScore.QualityRead, variant, date, (counting, ct) => CountAsync(counting, described, min, date, ct), cancellationToken));
    }

    /// <summary>The answer counted from the benchmark's score histories and the API offerings of the models they name.</summary>
    private static async Task<PricePerformance> CountAsync(IQuerySession session, BenchmarkResponse described, decimal? min, DateOnly date, CancellationToken cancellationToken)
    {
        var scores = await QualityQueries.LoadAsync(session, described.Key, cancellationToken);

        // Each offering takes one history (its variant's, else its release's); only models with a history at min or above can qualify.
        var standing = scores.Where(score => Quality.On(score.Points, date) is not null).ToList();
        var modelIds = standing.Where(score => min is null || Quality.On(score.Points, date)!.Score >= min)
            .Select(score => score.ModelId).Distinct(StringComparer.Ordinal).ToArray();
        var views = modelIds.Length == 0
            ? []
            : await session.Query<OfferingListing>()
                .Where(view => view.ModelId.IsOneOf(modelIds) && view.State.Details.Kind == OfferingKind.Api)
                .ToListAsync(cancellationToken);
        var byModel = standing.ToLookup(score => score.ModelId, StringComparer.Ordinal);
        var qualifying = views
            .Select(view => (View: view, Price: PriceTimeline.AsOf(view.State.Timeline, date), History: Quality.ForOffering(byModel[view.ModelId!], score => score.Variant, view.State.Details.Name)))
            .Select(found => (found.View, found.Price, found.History, Score: found.History is null ? null : Quality.On(found.History.Points, date)))
            .Where(found => found.Price?.Price.BlendedUsdPerMillion is not null && found.Score is not null && (min is null || found.Score.Score >= min))
            .Select(found => (found.View, Answer: new Qualifying(
                found.View.Id, found.View.State.Details.Provider, found.View.State.Details.Name, found.View.ModelId!, found.View.Model?.Name, found.History!.Variant,
                found.Price!.Price.BlendedUsdPerMillion!.Value, PricePointResponse.From(found.Price), ScoreResponse.Of(found.Score!))))
            .ToList();

        return new PricePerformance(
            described,
            min,
            date,
            standing.Select(score => score.ModelId).Distinct(StringComparer.Ordinal).Count(),
            [.. qualifying
                .GroupBy(found => found.View.Bloc)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group =>
                {
                    var offerings = group.Select(found => found.Answer)
                        .OrderBy(answer => answer.BlendedUsdPerMillion)
                        .ThenByDescending(answer => answer.Score.Value)
                        .ThenBy(answer => answer.OfferingId, StringComparer.Ordinal)
                        .ToList();
                    return new BlocAnswer(group.Key, offerings[0], offerings);
                })]);
    }
}
