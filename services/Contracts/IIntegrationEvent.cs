namespace Intelligence.Contracts;

/// <summary>
/// What every published fact carries, whatever its source service.
/// On the broker the envelope's messageId equals <see cref="EventId"/>, the id of the stored event it describes,
/// so a consumer can de-duplicate redeliveries by it.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The id of the stored domain event; stable across redeliveries.</summary>
    Guid EventId { get; }

    /// <summary>The stream (aggregate) the event belongs to, e.g. a model slug.</summary>
    string StreamId { get; }

    /// <summary>The event's version within its stream, starting at 1.</summary>
    long StreamVersion { get; }

    /// <summary>When the event was committed to the source service's store.</summary>
    DateTimeOffset RecordedAt { get; }

    /// <summary>Where the fact comes from: a URL or a document name.</summary>
    string Source { get; }
}
