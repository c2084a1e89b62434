using Intelligence.Platform;
using Intelligence.Platform.Catalogs;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Features;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.Pricing.Reference;
using JasperFx.Events.Projections;

namespace Intelligence.Pricing;

public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEventSourcedService<PublishedEvents>(
            "pricing",
            store =>
            {
                store.Events.AddEventTypes([
                    typeof(PriceListed), typeof(PriceChanged), typeof(PriceClosed), typeof(PriceCutDetected),
                    typeof(FreeAccessIntroduced), typeof(PromotionEnded), typeof(FxRateRecorded), typeof(UsdAmountsDerived),
                    typeof(OfferingDelisted), typeof(CatalogPricesObserved)]);
                store.Projections.Add(new OfferingEntryProjection(), ProjectionLifecycle.Inline);
                store.Projections.Add(new FxRateEntryProjection(), ProjectionLifecycle.Inline);
                // A rebuild starts from empty documents: the projection folds onto the listings it finds, and the spells,
                // moves, cuts, foreign prices and index cells all follow from the listings.
                store.Projections.Add(new OfferingListingProjection(Countries.Iso3166), ProjectionLifecycle.Inline, asyncConfiguration: rebuild =>
                {
                    rebuild.DeleteViewTypeOnTeardown<OfferingListing>();
                    rebuild.DeleteViewTypeOnTeardown<OfferingPriceSpell>();
                    rebuild.DeleteViewTypeOnTeardown<ApiPriceSpell>();
                    rebuild.DeleteViewTypeOnTeardown<PriceMoveRecord>();
                    rebuild.DeleteViewTypeOnTeardown<PriceCutRecord>();
                    rebuild.DeleteViewTypeOnTeardown<ForeignPricePoint>();
                    rebuild.DeleteViewTypeOnTeardown<PriceIndexCell>();
                    rebuild.DeleteViewTypeOnTeardown<PriceIndexChange>();
                });
                // The listing was first named OfferingView: its table keeps that name, so a store written before needs no rebuild.
                store.Schema.For<OfferingListing>().DocumentAlias("offeringview").Index(view => view.ModelId).Index(view => view.LinkPending).Index(view => view.State.ListedBy);
                OfferingsInForce.Declare(store);
                store.Schema.For<ApiPriceSpell>()
                    .Duplicate(spell => spell.OfferingId)
                    .Duplicate(spell => spell.ValidFrom, pgType: "date")
                    .Duplicate(spell => spell.ValidUntil!, pgType: "date")
                    .Duplicate(spell => spell.Bloc);
                store.Schema.For<PriceIndexCell>().Duplicate(cell => cell.Bloc).Duplicate(cell => cell.MonthKey);
                store.Schema.For<PriceIndexChange>();
                store.AddDayCells();
                store.Schema.For<PriceMoveRecord>().Index([move => move.EffectiveOn, move => move.OfferingId]).Index(move => move.OfferingId);
                store.Schema.For<PriceCutRecord>().Index([cut => cut.EffectiveOn, cut => cut.OfferingId, cut => cut.Id]).Index(cut => cut.OfferingId);
                store.Schema.For<ForeignPricePoint>().Index(point => point.Currency).Index(point => point.UsdPending);
                store.Schema.For<CatalogModel>();
                store.Schema.For<ModelScore>().Index(score => score.Benchmark).Index(score => score.ModelId);
            },
            bus =>
            {
                bus.AddIdempotentConsumer<ModelReleasedConsumer>();
                bus.AddIdempotentConsumer<ModelDetailsCorrectedConsumer>();
                bus.AddIdempotentConsumer<ModelRetiredConsumer>();
                bus.AddIdempotentConsumer<ModelAccessChangedConsumer>();
                bus.AddIdempotentConsumer<BenchmarkScoreRecordedConsumer>();
            });
        builder.Services.AddSingleton(Countries.Iso3166);
        builder.Services.AddSingleton(Currencies.Iso4217);
        builder.Services.AddSingleton(PricingSettings.From(builder.Configuration));
        builder.Services.AddHostedService<ShippedFxRateLoader>();
        builder.Services.AddOptions<PendingSweepOptions>().BindConfiguration("Pricing").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<PendingSweeper>();
        builder.Services.AddCatalogSync<GenaiPricesSync>();

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapRecordPriceObservation();
        app.MapRecordFxRate();
        app.MapGetFxRates();
        app.MapPendingUsd();
        app.MapListOfferings();
        app.MapGetOffering();
        app.MapGetOfferingHistory();
        app.MapGetPriceAsOf();
        app.MapListPriceCuts();
        app.MapListPriceMoves();
        app.MapGetPriceIndex();
        app.MapGetPriceLevels();
        app.MapGetCheapestOfferings();
        app.MapGetPriceComparison();
        app.MapGetPricePerformance();
        app.MapGetQualityGap();
        app.MapImportPrices();
        app.MapSyncGenaiPrices();
        app.MapCatalogSyncRecords();
        app.MapWebDefaults();
        app.Run();
    }
}
