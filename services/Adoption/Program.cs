using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Features;
using Intelligence.Adoption.Import;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform;
using Intelligence.Platform.Messaging;
using JasperFx.Events.Projections;

namespace Intelligence.Adoption;

public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEventSourcedService<PublishedEvents>(
            "adoption",
            store =>
            {
                store.Events.AddEventTypes([typeof(ObservationRecorded), typeof(ObservationCorrected), typeof(ObservationRetracted), typeof(MilestoneReached)]);
                store.Projections.Add(new SeriesEntryProjection(), ProjectionLifecycle.Inline);
                store.Projections.Add(new ObservationLocatorProjection(), ProjectionLifecycle.Inline);
                store.Schema.For<ObservationLocator>();
                store.Schema.For<ObservationNote>();
                store.Schema.For<CatalogModel>();
            },
            bus =>
            {
                bus.AddIdempotentConsumer<ModelReleasedConsumer>();
                bus.AddIdempotentConsumer<ModelDetailsCorrectedConsumer>();
                bus.AddIdempotentConsumer<ModelAccessChangedConsumer>();
                bus.AddIdempotentConsumer<ModelRetiredConsumer>();
            });
        builder.Services.AddSingleton(RegionCatalog.Default);
        builder.Services.AddSingleton(MilestoneSettings.Read(builder.Configuration));

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapRecordObservation();
        app.MapCorrectObservation();
        app.MapRetractObservation();
        app.MapGetObservation();
        app.MapListObservations();
        app.MapListSeries();
        app.MapGetSeries();
        app.MapGetGrowth();
        app.MapGetLeaderboard();
        app.MapListMilestones();
        app.MapGetShareByBloc();
        app.MapListSubjects();
        app.MapImportObservations();
        app.MapWebDefaults();
        app.Run();
    }
}
