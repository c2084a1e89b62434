using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/landscape?asOf=&amp;groupBy=bloc|country</c>: per bloc or country, what it released in the trailing twelve
/// months and how open and free, the median blended API price of its offerings, its headline adoption, and the measures
/// in force there by direction. Releases and prices arrive counted per group by their services (one bounded answer
/// each, whatever the size of the catalog).
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
        var models = parts.RunAsync("releases", releases.Service, ct => releases.ReleasedInWindowAsync(from, to, KebabCase.Name(by), ct));
        var offerings = parts.RunAsync("prices", pricing.Service, ct => pricing.PriceLevelsAsync(date, KebabCase.Name(by), ct));
        var latest = parts.RunAsync("adoption", adoption.Service, ct => adoption.LatestAsync(date, null, ct));
        var status = parts.RunAsync("measures", regulation.Service, ct => regulation.StatusAsync(date, ct));
        await Task.WhenAll(models, offerings, latest, status);

        var groups = Compose(by, await models, await offerings, await latest, (await status)?.Measures);
        return TypedResults.Ok(new Answer(date, KebabCase.Name(by), from, to, groups, parts.Degraded));
    }

    /// <summary>
    /// The groups any part names, each with the figures of the parts present (null for a missing part). Releases and
    /// prices come counted per group by their services; adoption and measures are counted here.
    /// </summary>
    public static IReadOnlyList<Group> Compose(
        GroupBy by,
        IReadOnlyList<ReleasedInGroup>? released,
        IReadOnlyList<PriceLevel>? levels,
        IReadOnlyList<AdoptionObservation>? latest,
        IReadOnlyList<MeasureLine>? measures)
    {
        var releasedBy = (released ?? []).ToDictionary(r => r.Group, StringComparer.Ordinal);
        var levelsBy = (levels ?? []).Where(l => l.Offerings > 0).ToDictionary(l => l.Group, StringComparer.Ordinal);
        var adoptionBy = Index(latest, o => Groups.Of(o, by));
        var measuresBy = Index(measures?.Where(m => m.Status == "in-force").ToList(), m => Groups.Of(m, by));
        var names = releasedBy.Keys.Concat(levelsBy.Keys).Concat(adoptionBy.Keys).Concat(measuresBy.Keys).Distinct().Order(StringComparer.Ordinal);
        return
        [
            .. names.Select(name =>
            {
                var counted = releasedBy.GetValueOrDefault(name) ?? new ReleasedInGroup(name, 0, 0, 0);
                var level = levelsBy.GetValueOrDefault(name);
                var inForce = measuresBy.GetValueOrDefault(name) ?? [];
                var headline = AdoptionFigures.Headline(adoptionBy.GetValueOrDefault(name) ?? []);
                return new Group(
                    name,
                    released is null ? null : new ReleaseFigures(
                        counted.Releases, counted.OpenWeights, Figures.Share(counted.OpenWeights, counted.Releases), counted.FreeAccess, Figures.Share(counted.FreeAccess, counted.Releases)),
                    levels is null ? null : new PriceFigures(level?.Offerings ?? 0, level?.MedianBlendedUsdPerMillion),
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
