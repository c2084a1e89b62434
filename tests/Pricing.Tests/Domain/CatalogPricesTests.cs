using Intelligence.Contracts;
using Intelligence.Pricing.Domain;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>The rules of catalog prices: observations of what the catalog listed, a view beside what a hand source listed, delisting.</summary>
public sealed class CatalogPricesTests
{
    private static readonly OfferingDetails Details = new("OpenAI", "US", "o3", OfferingKind.Api);

    private static CatalogProvenance Snapshot(string version, int day) => new("genai-prices", version, new DateTimeOffset(2026, 11, day, 8, 0, 0, TimeSpan.Zero), "genai-prices.json");

    private static Price Usd(decimal input, decimal output) => new("USD", input, output, null, null, null, 1);

    private static ObserveCatalogPrices Observe(CatalogProvenance provenance, params DatedPrice[] prices) => new("openai.o3", Details, "o3", prices, provenance, "https://openai.com/api/pricing/");

    private static Offering Fold(IEnumerable<IOfferingEvent> events) => events.Aggregate((Offering?)null, OfferingDecider.Evolve)!;

    [Fact]
    public void A_catalog_lists_a_new_offering_with_its_dated_prices_and_the_same_snapshot_again_decides_nothing()
    {
        var command = Observe(Snapshot("v1", 2), new DatedPrice(new DateOnly(2025, 6, 9), Usd(10, 40)), new DatedPrice(new DateOnly(2025, 6, 10), Usd(2, 8)));

        var listed = OfferingDecider.Decide(null, command, 20m);
        var state = Fold(listed.Events);

        Assert.IsType<PriceListed>(listed.Events[0]);
        Assert.Contains(listed.Events, e => e is PriceCutDetected { Percent: -80m });
        Assert.Equal("genai-prices", state.ListedBy);
        Assert.All(state.Timeline, point => Assert.Equal("v1", point.Provenance!.Version));
        Assert.Empty(OfferingDecider.Decide(state, command with { Provenance = Snapshot("v1", 3) }, 20m).Events);
    }

    [Fact]
    public void A_hand_listed_offering_keeps_its_prices_and_the_catalog_stands_beside_them_once_per_change()
    {
        var hand = Fold(OfferingDecider.Decide(
            null, new RecordPriceObservation("openai.o3", Details, "o3", Usd(15, 60), new DateOnly(2025, 4, 16), null, false, "https://example.org/o3"), 20m).Events);
        var command = Observe(Snapshot("v1", 2), new DatedPrice(new DateOnly(2025, 6, 10), Usd(2, 8)));

        var observed = Assert.IsType<CatalogPricesObserved>(Assert.Single(OfferingDecider.Decide(hand, command, 20m).Events));
        var state = OfferingDecider.Evolve(hand, observed)!;

        Assert.Equal(hand.Timeline, state.Timeline);
        Assert.Empty(OfferingDecider.Decide(state, command with { Provenance = Snapshot("v2", 3) }, 20m).Events);
        Assert.Single(OfferingDecider.Decide(state, Observe(Snapshot("v3", 4), new DatedPrice(new DateOnly(2025, 6, 10), Usd(1, 4))), 20m).Events);
    }

    [Fact]
    public void An_offering_gone_from_the_catalog_that_listed_it_is_delisted_once_and_its_price_closes()
    {
        var state = Fold(OfferingDecider.Decide(null, Observe(Snapshot("v1", 2), new DatedPrice(new DateOnly(2026, 11, 2), Usd(2, 8))), 20m).Events);
        var delist = new DelistFromCatalog("openai.o3", new DateOnly(2026, 12, 1), Snapshot("v2", 30));

        var delisted = Assert.IsType<OfferingDelisted>(Assert.Single(OfferingDecider.Decide(state, delist).Events));
        var after = OfferingDecider.Evolve(state, delisted)!;

        Assert.Equal(new DateOnly(2026, 12, 1), after.DelistedOn);
        Assert.Null(PriceTimeline.AsOf(after.Timeline, new DateOnly(2026, 12, 1)));
        Assert.Empty(OfferingDecider.Decide(after, delist).Events);
    }
}
