using Intelligence.Contracts;
using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/disruption/{modelId}?windowDays=90</c>: how other providers' prices moved in the days after a model's
/// release: who, when, from what to what. "Others" are offerings whose provider is not the model's organization.
/// </summary>
public static class Disruption
{
    public const int MaxWindowDays = 366;

    /// <summary>The most moves a report lists.</summary>
    public const int MovesShown = 200;

    public sealed record ReleasedModel(string Id, string Name, OrganizationCard Organization, string Bloc, DateOnly ReleasedOn, bool OpenWeights);

    public sealed record Window(DateOnly From, DateOnly To, int Days);

    public sealed record Move(
        DateOnly EffectiveOn,
        int DaysAfterRelease,
        string OfferingId,
        string Provider,
        string Offering,
        string Kind,
        string? ModelId,
        string Bloc,
        PriceQuote? From,
        PriceQuote? To,
        decimal? ChangePercent,
        bool Promotion,
        string Source);

    /// <param name="Decreases">Moves to a lower comparable USD price (blended for API, monthly fee for plans), to free included.</param>
    /// <param name="MedianChangePercent">The median of the moves' percentage changes (listings and closings have none).</param>
    public sealed record Summary(int Moves, int Offerings, IReadOnlyList<string> Providers, int Decreases, int Increases, decimal? MedianChangePercent)
    {
        public static Summary Of(PriceMovesSummary counted) =>
            new(counted.Moves, counted.Offerings, counted.Providers, counted.Decreases, counted.Increases, counted.MedianChangePercent);
    }

    /// <param name="Moves">The first <see cref="MovesShown"/> moves, oldest first.</param>
    /// <param name="Summary">All the window's moves by others, counted.</param>
    /// <param name="MoreMoves">Whether the window holds more moves than listed (the summary counts them all).</param>
    public sealed record Report(
        string ModelId, ReleasedModel? Model, Window? Window, IReadOnlyList<Move>? Moves, Summary? Summary, IReadOnlyList<DegradedPart> Degraded, bool? MoreMoves = null)
        : IComposedAnswer;

    public static IEndpointRouteBuilder MapDisruption(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/disruption/{modelId}", Handle)
            .WithName("GetDisruption")
            .WithTags("Composed")
            .WithSummary("Every change of other providers' prices from the day after a model's release to windowDays (default 90, 1 to 366) after it, "
                + "oldest first (the first 200; moreMoves says when there are more), with the price before and after, and a summary of them all. A service down or slow leaves its parts null and named in 'degraded'.")
            .Produces<Report>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(
        string modelId, ReleasesClient releases, PricingClient pricing, CompositionSettings settings, HttpContext http, int windowDays = 90)
    {
        var validation = new Validation()
            .Check(Slugs.IsValid(modelId), "modelId", "must be a model id: lower-case letters and digits joined by single hyphens")
            .Check(windowDays is >= 1 and <= MaxWindowDays, "windowDays", $"must be 1 to {MaxWindowDays}");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var parts = new PartRunner(settings, http);
        var lookup = await parts.RunAsync("model", releases.Service, ct => releases.GetModelAsync(modelId, ct));
        if (lookup is { Model: null })
        {
            return Problems.NotFound("model", modelId);
        }

        if (lookup?.Model is not { } model)
        {
            parts.Miss("moves", pricing.Service, "needs the model's release date and organization, and the model card is missing");
            return TypedResults.Ok(new Report(modelId, null, null, null, null, parts.Degraded));
        }

        // One page of others' moves, and the summary of all of them counted by pricing: a busy window costs no more.
        var (from, to) = Figures.After(model.ReleasedOn, windowDays);
        var others = Others.ProviderSlugs(model.Organization);
        var moves = parts.RunAsync("moves", pricing.Service, async ct =>
        {
            var (page, more) = await pricing.FirstPriceMovesAsync(from, to, null, others, MovesShown, ct);
            return new Listed(Of(model, page), more);
        });
        var summary = parts.RunAsync("summary", pricing.Service, async ct => Summary.Of(await pricing.SummariseMovesAsync(from, to, others, ct)));
        await Task.WhenAll(moves, summary);
        var listed = await moves;
        return TypedResults.Ok(new Report(
            modelId,
            new ReleasedModel(model.Id, model.Name, model.Organization, model.Bloc, model.ReleasedOn, model.OpenWeights),
            new Window(from, to, windowDays),
            listed?.Moves,
            await summary,
            parts.Degraded,
            listed?.More));
    }

    private sealed record Listed(IReadOnlyList<Move> Moves, bool More);

    /// <summary>The moves of others, each with how many days after the release it took effect.</summary>
    public static IReadOnlyList<Move> Of(ModelCard model, IEnumerable<PriceMove> moves) =>
    [
        .. moves
            .Where(move => Others.IsOther(move.Provider, model.Organization))
            .OrderBy(move => move.EffectiveOn)
            .ThenBy(move => move.OfferingId, StringComparer.Ordinal)
            .Select(move => new Move(
                move.EffectiveOn, move.EffectiveOn.DayNumber - model.ReleasedOn.DayNumber, move.OfferingId, move.Provider, move.Offering, move.Kind,
                move.ModelId, move.Bloc, move.From, move.To, move.ChangePercent, move.Promotion, move.Source)),
    ];
}
