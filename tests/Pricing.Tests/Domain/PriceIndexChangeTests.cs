using Intelligence.Pricing.Projections;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>From which day a change of an offering's spells makes its bloc's index and the price levels stale.</summary>
public sealed class PriceIndexChangeTests
{
    private static ApiPriceSpell Spell(string from, string? until, decimal blended, string bloc = "US", string country = "US") =>
        new($"o/{from}", "o", bloc, [country], DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), until is null ? null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), blended);

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_same_spells_change_nothing_and_a_new_price_is_stale_from_its_month()
    {
        IReadOnlyList<ApiPriceSpell> listed = [Spell("2024-01-10", null, 4)];
        IReadOnlyList<ApiPriceSpell> cut = [Spell("2024-01-10", "2024-06-15", 4), Spell("2024-06-15", null, 2)];

        Assert.Null(PriceIndexCells.EarliestChange(listed, listed));
        Assert.Equal(Day("2024-01-10"), PriceIndexCells.EarliestChange([], listed));   // a new offering from its listing
        Assert.Equal(Day("2024-01-10"), PriceIndexCells.EarliestChange(listed, cut));  // the first spell now ends: from its start at the latest
        Assert.Equal(Day("2024-06-15"), PriceIndexCells.EarliestChange(cut, [Spell("2024-01-10", "2024-06-15", 4), Spell("2024-06-15", null, 1)]));
        Assert.Equal(Day("2024-01-10"), PriceIndexCells.EarliestChange(listed, [Spell("2024-01-10", null, 4, bloc: "China")])); // moved to another bloc
        Assert.Equal(Day("2024-01-10"), PriceIndexCells.EarliestChange(listed, [Spell("2024-01-10", null, 4, country: "CA")])); // counted in another country
    }
}
