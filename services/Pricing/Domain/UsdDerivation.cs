namespace Intelligence.Pricing.Domain;

/// <summary>
/// USD amounts follow the FX table, never the moment a price was recorded: a price's rate is the one in force on its
/// effective date in the currency's table as it stands. Pure functions: what a table implies for an offering, and
/// how a derivation changes its timeline.
/// </summary>
public static class UsdDerivation
{
    /// <summary>One event for each price of the offering in the table's currency whose rate in force differs from the one it carries.</summary>
    public static IReadOnlyList<UsdAmountsDerived> Decide(Offering offering, FxRateTable table)
    {
        var derived = new List<UsdAmountsDerived>();
        foreach (var point in offering.Timeline)
        {
            if (point.Price.Currency != table.Currency
                || FxRateTable.RateOn(table, point.EffectiveOn) is not { } rate
                || rate.UnitsPerUsd == point.Price.UnitsPerUsd
                || derived.Any(d => d.PriceEffectiveOn == point.EffectiveOn && d.Promotion == point.Promotion))
            {
                continue;
            }

            derived.Add(new UsdAmountsDerived(
                offering.Id, offering.Details, point.EffectiveOn, point.Promotion, table.Currency, point.Price.UnitsPerUsd, rate.UnitsPerUsd, rate.EffectiveOn, rate.Source));
        }

        return derived;
    }

    /// <summary>The timeline with the derived rate on every price of that date, kind (list or promotion) and currency.</summary>
    public static IReadOnlyList<PricePoint> Apply(IReadOnlyList<PricePoint> timeline, UsdAmountsDerived derived) =>
        [.. timeline.Select(point => Matches(point, derived) ? point with { Price = point.Price.At(derived.UnitsPerUsd) } : point)];

    /// <summary>
    /// A cut's two prices with the rates their points now carry: the new price is the one of the cut's date, the old
    /// one the price in force the day before.
    /// </summary>
    public static (Price From, Price To) ApplyToCut(IReadOnlyList<PricePoint> timeline, DateOnly cutOn, Price from, Price to, UsdAmountsDerived derived)
    {
        var newTo = cutOn == derived.PriceEffectiveOn && to.Currency == derived.Currency ? to.At(derived.UnitsPerUsd) : to;
        var before = cutOn == DateOnly.MinValue ? null : PriceTimeline.AsOf(timeline, cutOn.AddDays(-1));
        var newFrom = before is not null && Matches(before, derived) && before.Price.SameAs(from) ? from.At(derived.UnitsPerUsd) : from;
        return (newFrom, newTo);
    }

    private static bool Matches(PricePoint point, UsdAmountsDerived derived) =>
        point.EffectiveOn == derived.PriceEffectiveOn && point.Promotion == derived.Promotion && point.Price.Currency == derived.Currency;
}
