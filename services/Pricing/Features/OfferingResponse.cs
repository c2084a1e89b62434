using Intelligence.Contracts;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Contract = Intelligence.Contracts.Pricing;

namespace Intelligence.Pricing.Features;

/// <summary>One dated price of an offering as the API shows it.</summary>
/// <param name="EndsOn">The first day the price no longer applies; null while open-ended.</param>
/// <param name="PriceKindLabel">The source's label for the kind of price, when no documented mapping covered it (kept as other).</param>
/// <param name="Provenance">The catalog snapshot the price was synced from; null for a hand-sourced price.</param>
public sealed record PricePointResponse(
    DateOnly EffectiveOn, DateOnly? EndsOn, bool Promotion, string? ModelId, Contract.PriceQuote Price, string Source, string? PriceKindLabel, CatalogProvenance? Provenance)
{
    public static PricePointResponse From(PricePoint point) =>
        new(point.EffectiveOn, point.EndsOn, point.Promotion, point.ModelId, PublishedEvents.Quote(point.Price), point.Source, point.PriceKindLabel, point.Provenance);
}

/// <summary>What a public catalog says an offering a hand source listed costs: kept beside its prices, with whether the two agree on the date asked.</summary>
/// <param name="Current">The catalog's price in force on the date asked, null when it states none yet.</param>
/// <param name="Agrees">The catalog's price in force and the offering's own are the same (as stated); null when either has none.</param>
public sealed record CatalogPriceViewResponse(CatalogProvenance Provenance, IReadOnlyList<CatalogDatedPrice> Prices, CatalogDatedPrice? Current, bool? Agrees)
{
    public static CatalogPriceViewResponse From(CatalogPriceView view, PricePoint? own, DateOnly asOf)
    {
        var current = view.Prices.LastOrDefault(price => price.EffectiveOn <= asOf);
        return new CatalogPriceViewResponse(
            view.Provenance,
            [.. view.Prices.Select(CatalogDatedPrice.From)],
            current is null ? null : CatalogDatedPrice.From(current),
            current is null || own is null ? null : current.Price.SameAs(own.Price));
    }
}

public sealed record CatalogDatedPrice(DateOnly EffectiveOn, Contract.PriceQuote Price)
{
    public static CatalogDatedPrice From(DatedPrice price) => new(price.EffectiveOn, PublishedEvents.Quote(price.Price));
}

/// <summary>An offering as the API shows it: who sells what, its link to the catalog, its price today and its timeline.</summary>
/// <param name="Bloc">The bloc of the model's origin once the catalog replica knows the model, else of the provider's country.</param>
/// <param name="BlocFrom">model or provider: where <paramref name="Bloc"/> comes from.</param>
/// <param name="LinkPending">The offering names a model the catalog replica has not seen yet; it is linked when the model arrives.</param>
/// <param name="Current">The price in force on <paramref name="AsOf"/> (today unless asked), null when none is.</param>
public sealed record OfferingResponse(
    string Id,
    string Provider,
    string ProviderCountry,
    string Name,
    OfferingKind Kind,
    string? ModelId,
    ModelLink? Model,
    string Bloc,
    string BlocFrom,
    bool LinkPending,
    DateOnly AsOf,
    PricePointResponse? Current,
    IReadOnlyList<PricePointResponse> Timeline,
    long Version)
{
    /// <summary>The catalog whose sync listed the offering (and keeps it current); null for a hand-sourced one.</summary>
    public string? ListedBy { get; init; }

    /// <summary>The day the listing catalog stopped listing it; null while listed.</summary>
    public DateOnly? DelistedOn { get; init; }

    /// <summary>What public catalogs say of an offering a hand source listed, side by side with its own prices.</summary>
    public IReadOnlyList<CatalogPriceViewResponse> CatalogViews { get; init; } = [];

    public static OfferingResponse From(OfferingListing view, DateOnly asOf)
    {
        var details = view.State.Details;
        var current = PriceTimeline.AsOf(view.State.Timeline, asOf);
        return new OfferingResponse(
            view.Id, details.Provider, details.ProviderCountry, details.Name, details.Kind, view.ModelId, view.Model, view.Bloc, view.BlocFrom, view.LinkPending,
            asOf, current is null ? null : PricePointResponse.From(current), [.. view.State.Timeline.Select(PricePointResponse.From)], view.Version)
        {
            ListedBy = view.State.ListedBy,
            DelistedOn = view.State.DelistedOn,
            CatalogViews = [.. view.State.CatalogViews.Select(catalogView => CatalogPriceViewResponse.From(catalogView, current, asOf))],
        };
    }
}

/// <summary>The service's settings under <c>Pricing</c>.</summary>
/// <param name="PriceCutThresholdPercent">The fall of the blended USD price, in percent, from which a change is a price cut (default 20).</param>
/// <param name="ShippedFxRates">Record the shipped reference FX rates on start (default true); false where an operator records every rate with POST /fx-rates.</param>
public sealed record PricingSettings(decimal PriceCutThresholdPercent, bool ShippedFxRates = true)
{
    public static PricingSettings From(IConfiguration configuration)
    {
        var threshold = configuration.GetValue("Pricing:PriceCutThresholdPercent", OfferingDecider.DefaultCutThresholdPercent);
        return threshold is > 0 and <= 100
            ? new PricingSettings(threshold, configuration.GetValue("Pricing:ShippedFxRates", true))
            : throw new InvalidOperationException($"Pricing:PriceCutThresholdPercent must be above 0 and at most 100, not {threshold}.");
    }
}

/// <summary>Reading offering kinds as the API writes them: api, subscription, free-tier.</summary>
internal static class Kinds
{
    public static OfferingKind? Parse(string? text) => text?.ToLowerInvariant() switch
    {
        "api" => OfferingKind.Api,
        "subscription" => OfferingKind.Subscription,
        "free-tier" => OfferingKind.FreeTier,
        _ => null,
    };
}
