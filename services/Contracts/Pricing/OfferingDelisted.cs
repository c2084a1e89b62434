namespace Intelligence.Contracts.Pricing;

/// <summary>
/// The catalog that listed an offering no longer lists it (a sync read a snapshot without it): its price in force
/// closed on <paramref name="DelistedOn"/>. A later snapshot that lists it again publishes a price change.
/// </summary>
/// <param name="DelistedOn">The domain date: the day the snapshot without it was read.</param>
public sealed record OfferingDelisted(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly DelistedOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string OfferingName,
    string Kind,
    CatalogProvenance Provenance) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;
}
