using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Features;
using Intelligence.Adoption.Import;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Messaging;
using JasperFx.Events.Projections;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Intelligence.Adoption;

public sealed class Program
{
    private const NpgsqlDbType TextArray = NpgsqlDbType.Array | NpgsqlDbType.Text;

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

                // A rebuild starts from no tallies: each is taken from its series as stored.
                store.Projections.Add(new SeriesTallyProjection(), ProjectionLifecycle.Inline, asyncConfiguration: rebuild => rebuild.DeleteViewTypeOnTeardown<SeriesTally>());
                store.Projections.Add(new ObservationLocatorProjection(), ProjectionLifecycle.Inline);
                store.Projections.Add(new ObservationReadsProjection(), ProjectionLifecycle.Inline);
                store.Schema.For<ObservationLocator>();
                store.Schema.For<SeriesTally>();
                store.Schema.For<ObservationNote>();
                store.AddDayCells();

                // Reads find a model's, a bloc's or a country's series by these, and each series' points by (series, date).
                store.Schema.For<SeriesLink>()
                    .Duplicate(link => link.MetricKind)
                    .Duplicate(link => link.BlocKey)
                    .Duplicate(link => link.OriginCountries, "text[]", TextArray, index => index.Method = IndexMethod.gin)
                    .Duplicate(link => link.ModelIds, "text[]", TextArray, index => index.Method = IndexMethod.gin)
                    .Duplicate(link => link.SubjectId)
                    .Duplicate(link => link.Family)
                    .Duplicate(link => link.OrganizationId!)
                    .Duplicate(link => link.LinkedOrganizationId!)
                    .Duplicate(link => link.LinkedOn!, "date")
                    .Duplicate(link => link.WaitingOrganizationId!)
                    .Duplicate(link => link.ListKey, configure: index =>
                    {
                        // (list key, id): the order of a /series page and its row comparison from a cursor.
                        index.Mask = "?, id";
                        index.Name = "mt_doc_serieslink_idx_list_key_id";
                    })

                    // The series of a board, each probed for its latest in any unit when the board's unit is to be found.
                    .Index([link => link.MetricKey, link => link.Region], index => index.Name = "mt_doc_serieslink_idx_board")

                    // /subjects pages the subjects by (name, id).
                    .Index([link => link.SubjectOrder, link => link.SubjectId], index => index.Name = "mt_doc_serieslink_idx_subject_order");
                // /milestones walks (date, threshold, series) from the start, a date or a cursor; a subject's start from the subject.
                store.Schema.For<MilestoneRecord>()
                    .Duplicate(milestone => milestone.SubjectId)
                    .Duplicate(milestone => milestone.ReachedOn, "date")
                    .Duplicate(milestone => milestone.Threshold, "numeric")
                    .Duplicate(milestone => milestone.SeriesId)
                    .Index([milestone => milestone.ReachedOn, milestone => milestone.Threshold, milestone => milestone.SeriesId]);
                // A board (/leaderboard, /share-by-bloc) is walked leader first along (board, order, name, series),
                // keeping the observations that stand on the date.
                store.Schema.For<StandingObservation>()
                    .Duplicate(point => point.SeriesId)
                    .Duplicate(point => point.ObservedOn, "date")
                    .Index([point => point.SeriesId, point => point.ObservedOn])
                    .Index(
                        [point => point.Board, point => point.BoardOrder, point => point.SubjectOrder, point => point.SeriesId],
                        index => index.Name = "mt_doc_standingobservation_idx_board");

                // A subject's candidate models are found by these (CatalogLinks.CandidatesAsync): by name, and an
                // organization's newest at the top of the (organization, release date) index.
                store.Schema.For<CatalogModel>()
                    .Duplicate(model => model.NameKey!)
                    .Duplicate(model => model.NameFamilies, "text[]", TextArray, index => index.Method = IndexMethod.gin)
                    .Duplicate(model => model.OrganizationId!)
                    .Duplicate(model => model.ReleasedOn!, "date")
                    .Index([model => model.OrganizationId!, model => model.ReleasedOn!]);
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
        app.MapGetHeadlines();
        app.MapListSeries();
        app.MapGetSeries();
        app.MapGetGrowth();
        app.MapGetLeaderboard();
        app.MapListMilestones();
        app.MapGetShareByBloc();
        app.MapListSubjects();
        app.MapListNotes();
        app.MapImportObservations();
        app.MapWebDefaults();
        app.Run();
    }
}
