using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/landscape?asOf=&amp;groupBy=bloc|country</c>: per bloc or country, what it released in the trailing twelve
/// months and how open and free, the median blended API price of its offerings, its headline adoption, and the measures
/// in force there by direction.
/// </summary>
public static class Landscape
{
    /// <param name="OpenWeightShare">Open-weight releases / releases, 0 to 1; null without releases.</param>
    /// <param name="FreeAccessShare">Releases free to use (free access "yes") / releases, 0 to 1; null without releases.</param>
    public sealed record ReleaseFigures(int Released, int OpenWeights, double? OpenWeightShare, int FreeAccess, double? FreeAccessShare);

    /// <param name="Offerings">API offerings with a blended price in force on the date.</param>
    public sealed record PriceFigures(int Offerings, decimal? MedianBlendedUsdPerMillion);

    public sealed record Headline(string SubjectId, string Subject, string Metric, string Region, decimal Value, DateOnly ObservedOn, string Source);

    public sealed record MeasureFigures(int InForce, IReadOnlyDictionary<string, int> ByDirection);

    /// <param name="Releases">Null when the releases service did not answer (see degraded); likewise the other parts.</param>
    /// <param name="Adoption">The headline: the largest latest value of an active-user metric among the group's subjects; null when none (or adoption missing).</param>
    public sealed record Group(string Name, ReleaseFigures? Releases, PriceFigures? Prices, Headline? Adoption, MeasureFigures? Measures);

    public sealed record Answer(DateOnly AsOf, string GroupBy, DateOnly ReleasedFrom, DateOnly ReleasedTo, IReadOnlyList<Group> Groups, IReadOnlyList<DegradedPart> Degraded)
        : IComposedAnswer;

    public static IEndpointRouteBuilder MapLandscape(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/landscape", Handle)
            .WithName("GetLandscape")
            .WithTags("Composed")
            .WithSummary("Per bloc (groupBy=bloc, default) or country (groupBy=country) as of asOf (default today): models released in the trailing 12 months with "
                + "open-weight and free-access shares, median blended USD API price, headline adoption (largest latest weekly or monthly active users), "
                + "measures in force by direction. A service down or slow leaves its figures null and named in 'degraded'.")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        ReleasesClient releases,
        PricingClient pricing,
        RegulationClient regulation,
        AdoptionClient adoption,
        CompositionSettings settings,
        TimeProvider clock,
        HttpContext http,
        DateOnly? asOf = null,
        string? groupBy = null)
    {
        var validation = new Validation();
        var by = KebabCase.Read<GroupBy>(groupBy, "groupBy", validation) ?? GroupBy.Bloc;
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (from, to) = Figures.TrailingYear(date);
        var parts = new PartRunner(settings, http.RequestAborted);
        var models = parts.RunAsync("releases", releases.Service, ct => releases.ListModelsAsync(from, to, null, ct));
        var offerings = parts.RunAsync("prices", pricing.Service, ct => pricing.ApiOfferingsAsync(date, ct));
        var latest = parts.RunAsync("adoption", adoption.Service, ct => adoption.LatestAsync(date, null, ct));
        var status = parts.RunAsync("measures", regulation.Service, ct => regulation.StatusAsync(date, ct));
        await Task.WhenAll(models, offerings, latest, status);

        var groups = Compose(by, await models, await offerings, await latest, (await status)?.Measures);
        return TypedResults.Ok(new Answer(date, KebabCase.Name(by), from, to, groups, parts.Degraded));
    }

    /// <summary>The groups any part names, each with the figures of the parts present (null for a missing part).</summary>
    public static IReadOnlyList<Group> Compose(
        GroupBy by,
        IReadOnlyList<ModelCard>? models,
        IReadOnlyList<Offering>? offerings,
        IReadOnlyList<AdoptionObservation>? latest,
        IReadOnlyList<MeasureLine>? measures)
    {
        var modelsBy = Index(models, m => Groups.Of(m, by));
        var pricesBy = Index(offerings?.Where(o => o.Current?.Price.BlendedUsdPerMillion is not null).ToList(), o => Groups.Of(o, by));
        var adoptionBy = Index(latest, o => Groups.Of(o, by));
        var measuresBy = Index(measures?.Where(m => m.Status == "in-force").ToList(), m => Groups.Of(m, by));
        var names = modelsBy.Keys.Concat(pricesBy.Keys).Concat(adoptionBy.Keys).Concat(measuresBy.Keys).Distinct().Order(StringComparer.Ordinal);
        return
        [
            .. names.Select(name =>
            {
                var released = modelsBy.GetValueOrDefault(name) ?? [];
                var priced = pricesBy.GetValueOrDefault(name) ?? [];
                var inForce = measuresBy.GetValueOrDefault(name) ?? [];
                var open = released.Count(m => m.OpenWeights);
                var free = released.Count(m => m.FreeAccess == "yes");
                var headline = AdoptionFigures.Headline(adoptionBy.GetValueOrDefault(name) ?? []);
                return new Group(
                    name,
                    models is null ? null : new ReleaseFigures(released.Count, open, Figures.Share(open, released.Count), free, Figures.Share(free, released.Count)),
                    offerings is null ? null : new PriceFigures(priced.Count, Figures.Median(priced.Select(o => o.Current!.Price.BlendedUsdPerMillion!.Value))),
                    headline is null ? null : new Headline(headline.Subject.Id, headline.Subject.Name, headline.Metric, headline.Region, headline.Value, headline.ObservedOn, headline.Source),
                    measures is null ? null : new MeasureFigures(
                        inForce.Count,
                        inForce.GroupBy(m => m.Direction).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Count())));
            }),
        ];
    }

    private static Dictionary<string, List<T>> Index<T>(IEnumerable<T>? items, Func<T, IEnumerable<string>> groupsOf) =>
        (items ?? [])
            .SelectMany(item => groupsOf(item).Select(group => (group, item)))
            .GroupBy(pair => pair.group, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(pair => pair.item).ToList(), StringComparer.Ordinal);
}
