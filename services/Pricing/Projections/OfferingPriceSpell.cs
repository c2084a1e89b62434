using System.Globalization;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Projections;

/// <summary>
/// A run of days over which one price of an offering, of any kind, is in force (<see cref="PriceSpell"/>), with what
/// the lists of prices in force on a date filter and sort by. <c>/offerings</c> and <c>/price-comparison</c> read a
/// page of these by index (the spells in force on the date, in the order asked) instead of loading every offering and
/// replaying its timeline per request.
/// </summary>
/// <param name="Id">The offering id and the spell's first day: <c>deepseek.deepseek-v3/2024-12-26</c>.</param>
/// <param name="Provider">The provider's slug, the part of the offering id before the dot.</param>
/// <param name="Bloc">The offering's bloc, as its <see cref="OfferingListing"/> has it (the model's, else the provider's).</param>
/// <param name="ValidUntil">The first day the price is no longer in force; null while open-ended.</param>
/// <param name="Point">The price in force over the spell.</param>
public sealed record OfferingPriceSpell(
    string Id,
    string OfferingId,
    string Provider,
    string ProviderName,
    string OfferingName,
    OfferingKind Kind,
    string? ModelId,
    string Bloc,
    DateOnly ValidFrom,
    DateOnly? ValidUntil,
    PricePoint Point)
{
    /// <summary>The currency the price is stated in (the comparison filters by it).</summary>
    public string Currency => Point.Price.Currency;

    /// <summary>The kind by its name, as the table keeps it for filtering.</summary>
    public string KindName => Kind.ToString();

    /// <summary>
    /// The cheapest-first order of <c>/offerings</c> as three ascending keys (then the offering id): prices with a
    /// blended USD figure first, by it, then by monthly fee (none first); then those without, by monthly fee (none first).
    /// </summary>
    public SortKey CheapestFirst => Point.Price.BlendedUsdPerMillion is { } blended
        ? new SortKey(0, blended, Point.Price.MonthlyFeeUsd ?? -1)
        : new SortKey(1, 0, Point.Price.MonthlyFeeUsd ?? -1);

    /// <summary>The dearest-first order of <c>/offerings</c>: blended prices first, dearest first, then the rest by monthly fee, dearest first, none last.</summary>
    public SortKey DearestFirst => Point.Price.BlendedUsdPerMillion is { } blended
        ? new SortKey(0, -blended, Point.Price.MonthlyFeeUsd is { } fee ? -fee : 1)
        : new SortKey(1, Point.Price.MonthlyFeeUsd is { } monthly ? -monthly : 1, 0);

    /// <summary>
    /// The order of <c>/price-comparison</c>: prices with a comparable figure (<see cref="Price.Comparable"/>) by their
    /// USD figure, pending ones last; null for a price with no comparable figure, which the comparison leaves out.
    /// </summary>
    public SortKey? ByUsd => Point.Price.Comparable is null
        ? null
        : Point.Price.ComparableUsd is { } usd ? new SortKey(0, usd, 0) : new SortKey(1, 0, 0);

    /// <summary>The sort keys as the table keeps them, one array column per order: an index on (array, offering id) serves each order.</summary>
    public decimal[] CheapestKey => CheapestFirst.ToArray();

    public decimal[] DearestKey => DearestFirst.ToArray();

    /// <summary>Empty for a price the comparison leaves out.</summary>
    public decimal[] UsdKey => ByUsd?.ToArray() ?? [];

    public static IEnumerable<OfferingPriceSpell> Of(OfferingListing view)
    {
        var details = view.State.Details;
        var provider = view.Id[..view.Id.IndexOf('.', StringComparison.Ordinal)];
        return PriceTimeline.Spells(view.State.Timeline).Select(spell => new OfferingPriceSpell(
            $"{view.Id}/{spell.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
            view.Id,
            provider,
            details.Provider,
            details.Name,
            details.Kind,
            view.ModelId,
            view.Bloc,
            spell.From,
            spell.Until,
            spell.Point));
    }
}

/// <summary>One order of a list as ascending keys, compared in turn (then by the offering id).</summary>
public sealed record SortKey(int Rank, decimal Amount, decimal Then)
{
    public decimal[] ToArray() => [Rank, Amount, Then];
}
