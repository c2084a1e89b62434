using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/models/{id}/dossier?asOf=</c>: everything the system knows of one model, from the four services at once:
/// its card, its offerings' prices (in force on the date, with their timelines), its latest adoption per metric and region,
/// the measures in force in its origin jurisdictions that target such a model, and price cuts by other providers in the
/// 90 days after its release.
/// </summary>
public static class ModelDossier
{
    public const int CutWindowDays = 90;

    /// <summary>How many price cuts by others a dossier lists: the first of them; <c>more</c> says when others follow.</summary>
    public const int CutsShown = 100;

    /// <summary>How many measures a dossier lists: the first by the day their status began; <c>moreMeasures</c> says when others follow.</summary>
    public const int MeasuresShown = 50;

    /// <param name="InForceIn">The origin jurisdiction asked.</param>
    /// <param name="Via">own, subnational, national or eu, as the regulation service says how it applies there.</param>
    /// <param name="MatchedTargets">The measure's targets that concern this model (see <see cref="ModelTargeting"/>).</param>
    public sealed record TargetingMeasure(MeasureLine Measure, string InForceIn, string Via, IReadOnlyList<string> MatchedTargets);

    /// <param name="Cuts">The first <see cref="CutsShown"/> cuts, oldest first.</param>
    /// <param name="More">True when more cuts by others fall in the window than are shown.</param>
    public sealed record CutsByOthers(DateOnly From, DateOnly To, IReadOnlyList<PriceCut> Cuts, bool More);

    /// <param name="Model">The card as the releases service writes it; null when releases did not answer.</param>
    /// <param name="Prices">The model's offerings with a price on <paramref name="AsOf"/>, each with its current price and timeline.</param>
    /// <param name="Measures">The first <see cref="MeasuresShown"/> measures in force that target such a model, by the day their status began.</param>
    /// <param name="Degraded">The parts missing, the service each needed, and why: an empty list when the answer is whole.</param>
    /// <param name="MoreMeasures">True when more measures target the model than are listed; null when the measures part is missing.</param>
    public sealed record Dossier(
        string Id,
        DateOnly AsOf,
        JsonElement? Model,
        IReadOnlyList<JsonElement>? Prices,
        IReadOnlyList<AdoptionObservation>? Adoption,
        IReadOnlyList<TargetingMeasure>? Measures,
        CutsByOthers? PriceCutsByOthers,
        IReadOnlyList<DegradedPart> Degraded,
        bool? MoreMeasures = null) : IComposedAnswer;

    public static IEndpointRouteBuilder MapModelDossier(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/models/{id}/dossier", Handle)
            .WithName("GetModelDossier")
            .WithTags("Composed")
            .WithSummary("A model's dossier, composed from the four services in parallel: card, prices and their history, latest adoption per metric and "
                + "region, measures in force in its origin jurisdictions that target such models, price cuts by other providers within 90 days after "
                + "its release. asOf defaults to today. A service down or slow leaves its parts null and named in 'degraded' (still 200).")
            .Produces<Dossier>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> Handle(
        string id,
        ReleasesClient releases,
        PricingClient pricing,
        RegulationClient regulation,
        AdoptionClient adoption,
        CompositionSettings settings,
        TimeProvider clock,
        HttpContext http,
        DateOnly? asOf = null)
    {
        var validation = new Validation().Check(Slugs.IsValid(id), "id", "must be a model id: lower-case letters and digits joined by single hyphens");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var parts = new PartRunner(settings, http);
        var card = parts.RunAsync("model", releases.Service, ct => releases.GetModelAsync(id, ct));
        var prices = parts.RunAsync("prices", pricing.Service, ct => pricing.OfferingsOfModelAsync(id, date, ct));
        var used = parts.RunAsync("adoption", adoption.Service, async ct => AdoptionFigures.LatestPerMetricAndRegion(await adoption.LatestAsync(date, id, ct)));

        var lookup = await card;
        if (lookup is { Model: null })
        {
            return Problems.NotFound("model", id);
        }

        var model = lookup?.Model;
        Task<TargetingMeasures?> measures;
        Task<CutsByOthers?> cuts;
        if (model is null)
        {
            parts.Miss("measures", regulation.Service, "needs the model's origin countries, and the model card is missing");
            parts.Miss("priceCutsByOthers", pricing.Service, "needs the model's release date and organization, and the model card is missing");
            (measures, cuts) = (Task.FromResult<TargetingMeasures?>(null), Task.FromResult<CutsByOthers?>(null));
        }
        else
        {
            measures = parts.RunAsync("measures", regulation.Service, ct => MeasuresAsync(regulation, model, date, ct));
            cuts = parts.RunAsync("priceCutsByOthers", pricing.Service, async ct =>
            {
                var (from, to) = Figures.After(model.ReleasedOn, CutWindowDays);
                var (byOthers, more) = await pricing.PriceCutsAsync(from, to, Others.ProviderSlugs(model.Organization), CutsShown, ct);
                return new CutsByOthers(from, to, byOthers, more);
            });
        }

        await Task.WhenAll(prices, used, measures, cuts);
        var targeting = await measures;
        return TypedResults.Ok(new Dossier(id, date, lookup?.Card, await prices, await used, targeting?.Listed, await cuts, parts.Degraded, targeting?.More));
    }

    /// <summary>
    /// The first <see cref="MeasuresShown"/> measures in force on the date in the origin countries (EU law included for
    /// members) whose targets concern the model, each once, by the day their status began: the service finds them by
    /// their targets and sends only the first of each country, so the part costs the same however many measures are in force.
    /// </summary>
    private static async Task<TargetingMeasures> MeasuresAsync(
        RegulationClient regulation, ModelCard model, DateOnly date, CancellationToken cancellationToken)
    {
        var targets = ModelTargeting.Of(model.OpenWeights);
        var answers = await Task.WhenAll(model.OriginCountries.Distinct().Select(country => regulation.InForceAsync(country, date, targets, MeasuresShown, cancellationToken)));
        var targeting = answers
            .SelectMany(answer => answer.Measures.Select(m => new TargetingMeasure(
                m.Measure, answer.Jurisdiction, m.Via, ModelTargeting.Matching(m.Measure.Targets, model.OpenWeights))))
            .Where(m => m.MatchedTargets.Count > 0)
            .DistinctBy(m => m.Measure.Id)
            .OrderBy(m => m.Measure.StatusSince)
            .ThenBy(m => m.Measure.Id, StringComparer.Ordinal)
            .ToList();
        var more = targeting.Count > MeasuresShown || answers.Any(answer => answer.Count > answer.Measures.Count);
        return new TargetingMeasures([.. targeting.Take(MeasuresShown)], more);
    }

    private sealed record TargetingMeasures(IReadOnlyList<TargetingMeasure> Listed, bool More);
}
