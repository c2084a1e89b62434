using Intelligence.Contracts;
using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Observability;
using Intelligence.Platform;
using Intelligence.Platform.Http;

namespace Intelligence.Gateway.Features;

/// <summary>
/// <c>GET /api/landscape?asOf=&amp;groupBy=bloc|country</c>: per bloc or country, what it released in the trailing twelve
/// months and how open and free, the median blended API price of its offerings, its headline adoption, and the measures
/// in force there by direction. Each part arrives counted per group by its service (one bounded answer each,
/// whatever the size of the catalog).
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
        var by = EnumParameters.Read<GroupBy>(groupBy, "groupBy", validation) ?? GroupBy.Bloc;
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var (from, to) = Figures.TrailingYear(date);
        var parts = new PartRunner(settings, http);
        var models = parts.RunAsync("releases", releases.Service, ct => releases.ReleasedInWindowAsync(from, to, KebabCase.Name(by), ct));
        var offerings = parts.RunAsync("prices", pricing.Service, ct => pricing.PriceLevelsAsync(date, KebabCase.Name(by), ct));
        var headlines = parts.RunAsync("adoption", adoption.Service, ct => adoption.HeadlinesAsync(date, KebabCase.Name(by), ct));
        var inForce = parts.RunAsync("measures", regulation.Service, ct => regulation.InForceCountsAsync(date, KebabCase.Name(by), ct));
        await Task.WhenAll(models, offerings, headlines, inForce);

        var groups = Compose(await models, await offerings, await headlines, await inForce);
        return TypedResults.Ok(new Answer(date, KebabCase.Name(by), from, to, groups, parts.Degraded));
    }

    /// <summary>
    /// The groups any part names, each with the figures of the parts present (null for a missing part). Every part
    /// comes counted per group by its service: one bounded answer each, whatever the size of the catalog.
    /// </summary>
    public static IReadOnlyList<Group> Compose(
        IReadOnlyList<ReleasedInGroup>? released,
        IReadOnlyList<PriceLevel>? levels,
        IReadOnlyList<GroupHeadline>? headlines,
        IReadOnlyList<InForceCount>? inForce)
    {
        var releasedBy = (released ?? []).ToDictionary(r => r.Group, StringComparer.Ordinal);
        var levelsBy = (levels ?? []).Where(l => l.Offerings > 0).ToDictionary(l => l.Group, StringComparer.Ordinal);
        var headlinesBy = (headlines ?? []).ToDictionary(h => h.Group, StringComparer.Ordinal);
        var inForceBy = (inForce ?? []).Where(m => m.InForce > 0).ToDictionary(m => m.Group, StringComparer.Ordinal);
        var names = releasedBy.Keys.Concat(levelsBy.Keys).Concat(headlinesBy.Keys).Concat(inForceBy.Keys).Distinct().Order(StringComparer.Ordinal);
        return
        [
            .. names.Select(name =>
            {
                var counted = releasedBy.GetValueOrDefault(name) ?? new ReleasedInGroup(name, 0, 0, 0);
                var level = levelsBy.GetValueOrDefault(name);
                var headline = headlinesBy.GetValueOrDefault(name)?.Observation;
                var measures = inForceBy.GetValueOrDefault(name);
                return new Group(
                    name,
                    released is null ? null : new ReleaseFigures(
                        counted.Releases, counted.OpenWeights, Figures.Share(counted.OpenWeights, counted.Releases), counted.FreeAccess, Figures.Share(counted.FreeAccess, counted.Releases)),
                    levels is null ? null : new PriceFigures(level?.Offerings ?? 0, level?.MedianBlendedUsdPerMillion),
                    headline is null ? null : new Headline(headline.Subject.Id, headline.Subject.Name, headline.Metric, headline.Region, headline.Value, headline.ObservedOn, headline.Source),
                    inForce is null ? null : new MeasureFigures(
                        measures?.InForce ?? 0,
                        (measures?.ByDirection ?? new Dictionary<string, int>()).OrderBy(d => d.Key, StringComparer.Ordinal).ToDictionary(d => d.Key, d => d.Value)));
            }),
        ];
    }
}
