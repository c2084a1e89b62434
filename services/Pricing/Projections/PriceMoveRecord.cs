using System.Globalization;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Projections;

/// <summary>
/// A day on which an offering's price in force changed (<see cref="PriceTimeline.Moves"/>), kept with the offering's
/// names and link as its view has them: the timeline's price moves are then read a page at a time by the (date,
/// offering) index, never by replaying every offering's timeline per request.
/// </summary>
/// <param name="Id">The offering id and the day: <c>deepseek.deepseek-v3/2025-02-09</c>.</param>
/// <param name="Before">The price in force the day before; null for a listing.</param>
/// <param name="After">The price in force from the day; null for a closing.</param>
/// <param name="Source">The source of the point that moved the price (of the point that ended, for a closing).</param>
public sealed record PriceMoveRecord(
    string Id,
    DateOnly EffectiveOn,
    string OfferingId,
    string Provider,
    string ProviderCountry,
    string Offering,
    OfferingKind Kind,
    string? ModelId,
    string? ModelOrganization,
    string Bloc,
    Price? Before,
    Price? After,
    decimal? ChangePercent,
    bool Promotion,
    string Source)
{
    public static IEnumerable<PriceMoveRecord> Of(OfferingListing view)
    {
        var details = view.State.Details;
        return PriceTimeline.Moves(view.State.Timeline).Select(move =>
        {
            var point = move.After ?? move.Before!;
            return new PriceMoveRecord(
                $"{view.Id}/{move.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
                move.On,
                view.Id,
                details.Provider,
                details.ProviderCountry,
                details.Name,
                details.Kind,
                point.ModelId ?? view.ModelId,
                view.Model?.OrganizationName,
                view.Bloc,
                move.Before?.Price,
                move.After?.Price,
                PriceTimeline.ChangePercent(move.Before?.Price.ComparableUsd, move.After?.Price.ComparableUsd),
                move.After?.Promotion ?? false,
                move.After is null ? view.State.Timeline.LastOrDefault(p => p.EndsOn == move.On)?.Source ?? point.Source : move.After.Source);
        });
    }
}
