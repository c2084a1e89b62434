using Intelligence.Platform;
using Intelligence.Platform.Catalogs;
using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Features;
using Intelligence.Releases.Integration;
using Intelligence.Releases.Projections;
using Intelligence.Releases.Reference;
using JasperFx.Events.Projections;

namespace Intelligence.Releases;

public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEventSourcedService<PublishedEvents>("releases", store =>
        {
            store.Events.AddEventTypes([
                typeof(ModelAnnounced), typeof(ModelAccessChanged), typeof(ModelDetailsCorrected), typeof(ModelRetired), typeof(ModelCatalogFactsRecorded),
                typeof(BenchmarkScoreRecorded)]);
            // The catalog and its counters, projected by the async daemon off the write path, in one shard: the
            // events are read once, and a page's entries and counts commit together, so a list and a count agree.
            store.Projections.CompositeProjectionFor(CatalogProjection.Name, catalog =>
            {
                catalog.Add(new CatalogEntryProjection(Countries.Iso3166));
                catalog.Add(new ReleaseStatsProjection(Countries.Iso3166), counters =>
                {
                    counters.DeleteViewTypeOnTeardown<ReleaseCount>();
                    counters.DeleteViewTypeOnTeardown<ReleaseDayCount>();
                });
                catalog.Add(new OrganizationsProjection(), organizations => organizations.DeleteViewTypeOnTeardown<OrganizationSummary>());
            });
            CatalogSortKeys.Declare(store);
            store.Schema.For<OrganizationSummary>().Index([summary => summary.Name, summary => summary.Id]);
            store.Schema.For<ReleaseCount>().Index(count => count.MonthKey);
            store.Schema.For<ReleaseDayCount>().Index(count => count.DayKey);
            store.Projections.Add(new ScoreSeriesProjection(), ProjectionLifecycle.Inline);
            store.Schema.For<ScoreSeries>().Index(series => series.ModelId);
        });
        builder.Services.AddSingleton(Countries.Iso3166);
        builder.Services.AddSingleton(CountryNames.Default);
        builder.Services.AddCatalogSync<ModelsDevSync>();
        builder.Services.AddOptions<ShippedScoreOptions>().BindConfiguration("Releases").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ShippedScoreLoader>();

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapAnnounceModel();
        app.MapChangeModelAccess();
        app.MapCorrectModelDetails();
        app.MapRetireModel();
        app.MapGetModel();
        app.MapGetModelHistory();
        app.MapListModels();
        app.MapListOrganizations();
        app.MapGetReleaseStats();
        app.MapGetReleasesInWindow();
        app.MapImportReleases();
        app.MapSyncModelsDev();
        app.MapCatalogSyncRecords();
        app.MapRecordBenchmarkScore();
        app.MapGetModelScores();
        app.MapWebDefaults();
        app.Run();
    }
}
