namespace Intelligence.Contracts.Pricing;

/// <summary>An FX rate in force from <paramref name="EffectiveOn"/> (until a later one): one US dollar buys <paramref name="UnitsPerUsd"/> units.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="EffectiveOn">The domain date: the first day the rate applies.</param>
public sealed record FxRateRecorded(
    Guid EventId,
    string Currency,
    long StreamVersion,
    DateOnly EffectiveOn,
    DateTimeOffset RecordedAt,
    string Source,
    decimal UnitsPerUsd) : IIntegrationEvent
{
    /// <summary>The first day the rate no longer applies when its source stops there (a gap in a monthly table); null while the next rate ends it.</summary>
    public DateOnly? ValidUntil { get; init; }

    string IIntegrationEvent.StreamId => StreamIdOf(Currency);

    /// <summary>The rates of a currency are one stream, "fx-cny": the pricing service stores them under this id.</summary>
    public static string StreamIdOf(string currency) => $"fx-{currency.ToLowerInvariant()}";
}
