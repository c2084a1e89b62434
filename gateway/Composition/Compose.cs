using Intelligence.Contracts;

namespace Intelligence.Gateway.Composition;

/// <summary>Whether a landscape groups by bloc (US, China, EU, Other) or by country.</summary>
public enum GroupBy
{
    Bloc,
    Country,
}

/// <summary>The kinds of fact the timeline merges, one per service, in the order they sort on one day.</summary>
public enum FactKind
{
    Release,
    Price,
    Regulation,
    Adoption,
}

/// <summary>Shares and windows: the arithmetic of composed answers. Pure.</summary>
public static class Figures
{
    /// <summary>part / whole from 0 to 1, four decimals (as the releases statistics write shares); null of nothing.</summary>
    public static double? Share(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    /// <summary>The days after a date: from the day after to <paramref name="days"/> days after, both included.</summary>
    public static (DateOnly From, DateOnly To) After(DateOnly date, int days) => (date.AddDays(1), date.AddDays(days));

    /// <summary>
    /// The trailing twelve months ending on <paramref name="asOf"/>, both ends included. In year 1 they would start
    /// before the calendar does, so they start on its first day.
    /// </summary>
    public static (DateOnly From, DateOnly To) TrailingYear(DateOnly asOf) =>
        (asOf.Year == DateOnly.MinValue.Year ? DateOnly.MinValue : asOf.AddYears(-1).AddDays(1), asOf);
}

/// <summary>Who counts as "others" for a model: providers that are not the model's organization.</summary>
public static class Others
{
    public static bool IsOther(string provider, OrganizationCard organization) => !ProviderSlugs(organization).Contains(Slugs.From(provider));

    /// <summary>The provider slugs an organization's own offerings go by: its id and its name as a slug.</summary>
    public static IReadOnlyList<string> ProviderSlugs(OrganizationCard organization) => [.. new[] { organization.Id, Slugs.From(organization.Name) }.Distinct(StringComparer.Ordinal)];
}

/// <summary>
/// Which measures target a model like this one. A measure's targets are tags (data/regulations.csv's target_scope read
/// by the regulation service): general-purpose and generative models are targeted by <c>frontier-models</c>,
/// <c>generative-ai-services</c> and <c>ai-systems</c> (all AI); open-weight models also by <c>open-source</c> and
/// <c>model-weights</c>. Chips, minerals, data protection, deepfakes, high-risk uses, the public sector and foreign apps
/// target other things than the model itself.
/// </summary>
public static class ModelTargeting
{
    public static readonly IReadOnlyList<string> EveryModel = ["frontier-models", "generative-ai-services", "ai-systems"];

    public static readonly IReadOnlyList<string> OpenWeightModels = ["open-source", "model-weights"];

    /// <summary>The targets that concern a model, open-weight or not.</summary>
    public static IReadOnlyList<string> Of(bool openWeights) => openWeights ? [.. EveryModel, .. OpenWeightModels] : EveryModel;

    /// <summary>The measure's targets that concern the model; empty when the measure does not target it.</summary>
    public static IReadOnlyList<string> Matching(IEnumerable<string> targets, bool openWeights) =>
        [.. targets.Where(tag => EveryModel.Contains(tag) || (openWeights && OpenWeightModels.Contains(tag)))];
}

/// <summary>Adoption figures composed from each series' latest observation.</summary>
public static class AdoptionFigures
{
    /// <summary>
    /// Per metric and region, the latest observation (the larger on one date), ordered by metric then region. Metrics
    /// of kind other are told apart by their labels, and figures in different units are never weighed together.
    /// </summary>
    public static IReadOnlyList<AdoptionObservation> LatestPerMetricAndRegion(IEnumerable<AdoptionObservation> observations) =>
    [
        .. observations
            .GroupBy(o => (o.Metric, Label: o.MetricLabel?.ToLowerInvariant(), o.Region, o.Unit, UnitLabel: o.UnitLabel?.ToLowerInvariant()))
            .Select(group => group.OrderByDescending(o => o.ObservedOn).ThenByDescending(o => o.Value).ThenBy(o => o.Id, StringComparer.Ordinal).First())
            .OrderBy(o => o.Metric, StringComparer.Ordinal)
            .ThenBy(o => o.MetricLabel, StringComparer.OrdinalIgnoreCase)
            .ThenBy(o => o.Region, StringComparer.Ordinal)
            .ThenBy(o => o.Unit, StringComparer.Ordinal),
    ];
}
