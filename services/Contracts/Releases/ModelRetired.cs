namespace Intelligence.Contracts.Releases;

/// <summary>A model was withdrawn (deprecated, shut down).</summary>
/// <param name="RetiredOn">The domain date: the day it was withdrawn.</param>
public sealed record ModelRetired(
    Guid EventId,
    string ModelId,
    long StreamVersion,
    DateOnly RetiredOn,
    DateTimeOffset RecordedAt,
    string Source,
    string Reason) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => ModelId;
}
