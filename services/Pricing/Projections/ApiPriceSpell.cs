using System.Globalization;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Projections;

/// <summary>
/// A run of days over which an API offering has one blended USD price in force (<see cref="PriceSpell"/>), with
/// the groups the offering counts in. "Which prices are in force on a date" is then one indexed range query over
/// these rows, in the database, instead of every offering's timeline loaded and replayed per request.
/// </summary>
/// <param name="Id">The offering id and the spell's first day: <c>deepseek.deepseek-v3/2024-12-26</c>.</param>
/// <param name="Bloc">The offering's bloc, as its <see cref="OfferingListing"/> has it (the model's, else the provider's).</param>
/// <param name="Countries">The model's origin countries, else the provider's country: where the offering counts by country.</param>
/// <param name="ValidUntil">The first day the price is no longer in force; null while open-ended.</param>
public sealed record ApiPriceSpell(
    string Id, string OfferingId, string Bloc, IReadOnlyList<string> Countries, DateOnly ValidFrom, DateOnly? ValidUntil, decimal BlendedUsdPerMillion)
{
    /// <summary>The read whose answers per day (<see cref="Platform.EventStore.DayCells"/>) a change of spells makes stale.</summary>
    public const string LevelsRead = "price-levels";

    /// <summary>
    /// SQL over spells aliased <c>s</c>, grouped: the lower and upper middle blended prices (<c>lo</c>, <c>hi</c>),
    /// percentile_disc up and down, so that <see cref="Median"/> stays exact in numeric.
    /// </summary>
    public const string MiddlePrices =
        "percentile_disc(0.5) within group (order by (s.data ->> 'blendedUsdPerMillion')::numeric) as lo, "
        + "percentile_disc(0.5) within group (order by (s.data ->> 'blendedUsdPerMillion')::numeric desc) as hi";

    /// <summary>SQL: the median of <see cref="MiddlePrices"/>, six decimals as the domain's median, without trailing zeros.</summary>
    public const string Median = "trim_scale(round((lo + hi) / 2, 6))";

    /// <summary>The spells of an API offering whose blended USD price is known; none for other kinds or while USD amounts are pending.</summary>
    public static IEnumerable<ApiPriceSpell> Of(OfferingListing view) => view.State.Details.Kind != OfferingKind.Api
        ? []
        : PriceTimeline.Spells(view.State.Timeline)
            .Where(spell => spell.Point.Price.BlendedUsdPerMillion is not null)
            .Select(spell => new ApiPriceSpell(
                $"{view.Id}/{spell.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}", view.Id, view.Bloc, CountriesOf(view), spell.From, spell.Until, spell.Point.Price.BlendedUsdPerMillion!.Value));

    public static IReadOnlyList<string> CountriesOf(OfferingListing view) =>
        view.Model is { } model ? [.. model.OriginCountries.Distinct()] : [view.State.Details.ProviderCountry];
}
