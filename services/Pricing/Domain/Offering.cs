using Intelligence.Contracts;

namespace Intelligence.Pricing.Domain;

/// <summary>An offering: what its events add up to. Its timeline is ordered by effective date.</summary>
public sealed record Offering(string Id, OfferingDetails Details, IReadOnlyList<PricePoint> Timeline)
{
    /// <summary>The catalog whose sync listed the offering (it keeps it current, and delists it); null when a hand source listed it.</summary>
    public string? ListedBy { get; init; }

    /// <summary>The day the listing catalog stopped listing it; null while listed (or listed again).</summary>
    public DateOnly? DelistedOn { get; init; }

    /// <summary>What each catalog says of an offering a hand source listed: kept beside its prices, never over them.</summary>
    public IReadOnlyList<CatalogPriceView> CatalogViews { get; init; } = [];

    /// <summary>The model of the most recent price that names one.</summary>
    public string? ModelId => Timeline.LastOrDefault(p => p.ModelId is not null)?.ModelId;
}

/// <summary>A catalog's dated prices for an offering, as of one snapshot.</summary>
public sealed record CatalogPriceView(CatalogProvenance Provenance, IReadOnlyList<DatedPrice> Prices)
{
    /// <summary>The same dated prices (as stated) as <paramref name="prices"/>.</summary>
    public bool Says(IReadOnlyList<DatedPrice> prices) =>
        Prices.Count == prices.Count && Prices.Zip(prices).All(pair => pair.First.EffectiveOn == pair.Second.EffectiveOn && pair.First.Price.SameAs(pair.Second.Price));
}

/// <summary>Offering ids: the provider's slug and the offering's slug joined by a dot ("openai.gpt-4o").</summary>
public static class OfferingId
{
    public const int MaxLength = 200;

    public static string From(string provider, string name) => $"{Slugs.From(provider)}.{Slugs.From(name)}";

    public static bool IsValid(string value)
    {
        var parts = value.Split('.');
        return value.Length <= MaxLength && parts.Length == 2 && parts.All(part => part.Length > 0 && Slugs.From(part) == part);
    }
}
