namespace Intelligence.Contracts.Releases;

/// <summary>How open or free a model is changed in the world (weights opened, relicensed, free tier opened or closed).</summary>
/// <param name="EffectiveOn">The domain date: the day the change took effect.</param>
/// <param name="FreeAccess">unknown, yes, no, limited or not-applicable; or other, named by <see cref="FreeAccessLabel"/>.</param>
public sealed record ModelAccessChanged(
    Guid EventId,
    string ModelId,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    bool OpenWeights,
    string Licence,
    string FreeAccess,
    bool? ApiAvailable,
    string? Note) : IIntegrationEvent
{
    string IIntegrationEvent.StreamId => ModelId;

    /// <summary>As in <see cref="ModelReleased.OpenWeightsLabel"/>.</summary>
    public string? OpenWeightsLabel { get; init; }

    /// <summary>As in <see cref="ModelReleased.FreeAccessLabel"/>.</summary>
    public string? FreeAccessLabel { get; init; }
}
