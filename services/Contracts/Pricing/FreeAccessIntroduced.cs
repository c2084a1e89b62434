namespace Intelligence.Contracts.Pricing;

/// <summary>An offering became free to use: listed free (a free API or a consumer free tier) or moved to free.</summary>
/// <param name="FreeTierLimits">The free tier's limits as the source states them, when it does.</param>
public sealed record FreeAccessIntroduced(
    Guid EventId,
    string OfferingId,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Provider,
    string OfferingName,
    string Kind,
    string? ModelId,
    string? FreeTierLimits) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => OfferingId;
}
