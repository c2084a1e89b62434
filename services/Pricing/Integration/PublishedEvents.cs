using Intelligence.Contracts;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Domain;
using JasperFx.Events;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Integration;

/// <summary>The pricing service's published language: which stored events other services hear about, and how.</summary>
internal sealed class PublishedEvents : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored) => stored.Data switch
    {
        PriceListed e => new Contract.PriceListed(
            stored.Id, e.OfferingId, stored.Version, e.Point.EffectiveOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.ProviderCountry, e.Offering.Name, Text(e.Offering.Kind), e.Point.ModelId,
            Quote(e.Point.Price), e.Point.Promotion, e.Point.EndsOn)
        {
            Provenance = e.Point.Provenance,
        },
        PriceChanged e => new Contract.PriceChanged(
            stored.Id, e.OfferingId, stored.Version, e.Point.EffectiveOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.Name, Text(e.Offering.Kind), e.Point.ModelId,
            Quote(e.Point.Price), e.Previous is null ? null : Quote(e.Previous), e.ChangePercent, e.Point.Promotion, e.Point.EndsOn)
        {
            Provenance = e.Point.Provenance,
        },
        OfferingDelisted e => new Contract.OfferingDelisted(
            stored.Id, e.OfferingId, stored.Version, e.DelistedOn, stored.Timestamp, e.Source, e.Offering.Provider, e.Offering.Name, Text(e.Offering.Kind), e.Provenance),
        PriceCutDetected e => new Contract.PriceCutDetected(
            stored.Id, e.OfferingId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.Name, Text(e.Offering.Kind), e.ModelId, Quote(e.From), Quote(e.To), e.Percent, e.ToFree),
        FreeAccessIntroduced e => new Contract.FreeAccessIntroduced(
            stored.Id, e.OfferingId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.Name, Text(e.Offering.Kind), e.ModelId, e.Price.FreeTierLimits),
        PromotionEnded e => new Contract.PromotionEnded(
            stored.Id, e.OfferingId, stored.Version, e.EndedOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.Name, e.ModelId, e.StartedOn, Quote(e.Promotion), e.ListPriceReturns is null ? null : Quote(e.ListPriceReturns)),
        FxRateRecorded e => new Contract.FxRateRecorded(stored.Id, e.Currency, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, e.UnitsPerUsd) { ValidUntil = e.ValidUntil },
        UsdAmountsDerived e => new Contract.UsdAmountsDerived(
            stored.Id, e.OfferingId, stored.Version, e.PriceEffectiveOn, stored.Timestamp, e.Source,
            e.Offering.Provider, e.Offering.Name, Text(e.Offering.Kind), e.Promotion, e.Currency, e.PreviousUnitsPerUsd, e.UnitsPerUsd, e.RateEffectiveOn),
        _ => null,
    };

    public static Contract.PriceQuote Quote(Price price) => new(
        price.Currency, price.InputPerMillion, price.OutputPerMillion, price.CachedInputPerMillion, price.MonthlyFee, price.FreeTierLimits,
        price.UnitsPerUsd, price.InputUsdPerMillion, price.OutputUsdPerMillion, price.CachedInputUsdPerMillion, price.MonthlyFeeUsd, price.BlendedUsdPerMillion)
    {
        UsdPending = price.UsdPending,
        OtherRates = price.OtherRates,
    };

    /// <summary>Enum values travel as kebab-case text ("free-tier"), readable outside .NET.</summary>
    public static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => KebabCase.Name(value);
}
