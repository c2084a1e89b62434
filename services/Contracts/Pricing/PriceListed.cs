namespace Intelligence.Contracts.Pricing;

/// <summary>An offering's first price: a model's API at a provider, a consumer plan or a free tier.</summary>
/// <param name="OfferingId">provider-slug.offering-slug, e.g. "openai.gpt-4o".</param>
/// <param name="EffectiveOn">The domain date: the day the price took effect.</param>
/// <param name="Kind">api, subscription or free-tier.</param>
/// <param name="ModelId">The catalog model (releases' id) the price is for; null for a plan that names none.</param>
/// <param name="Promotion">A promotional price, which ends on <paramref name="EndsOn"/>.</param>
/// <param name="EndsOn">The first day the price no longer applies, when the source states one.</param>
public sealed record PriceListed(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string ProviderCountry,
    string OfferingName,
    string Kind,
    string? ModelId,
    PriceQuote Price,
    bool Promotion,
    DateOnly? EndsOn) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;

    /// <summary>The catalog snapshot the price was synced from; absent for a hand-sourced price.</summary>
    public CatalogProvenance? Provenance { get; init; }
}
