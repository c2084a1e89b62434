using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Features;
using Intelligence.Regulation.Integration;
using Intelligence.Regulation.Projections;
using JasperFx.Events.Projections;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace Intelligence.Regulation;

public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEventSourcedService<PublishedEvents>("regulation", store =>
        {
            store.Events.AddEventTypes(LifecycleEvents.Types);
            store.Projections.Add(new MeasureEntryProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
            // The status spells and step dates are read models only (no decision reads them): the daemon keeps them
            // off the write path, and a rebuild starts from none.
            store.Projections.Add(new MeasureDatesProjection(Countries.Iso3166), ProjectionLifecycle.Async, asyncConfiguration: rebuild =>
            {
                rebuild.DeleteViewTypeOnTeardown<MeasureStatusSpell>();
                rebuild.DeleteViewTypeOnTeardown<MeasureStepDate>();
            });
            MeasureFilter.Declare(store);
            store.AddDayCells();
            store.Schema.For<MeasureStatusSpell>()
                .Duplicate(spell => spell.MeasureId)
                .Duplicate(spell => spell.Status)
                .Duplicate(spell => spell.ValidFrom, pgType: "date")
                .Duplicate(spell => spell.ValidUntil!, pgType: "date")
                .Duplicate(spell => spell.Jurisdiction)
                .Duplicate(spell => spell.Country)
                .Duplicate(spell => spell.Bloc)
                .Duplicate(spell => spell.Direction)
                .Duplicate(spell => spell.Type)
                .Duplicate(spell => spell.Targets, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, index => index.Method = IndexMethod.gin)

                // A jurisdiction's measures in force, by the day their status began (GET /jurisdictions/{code}/in-force).
                .Index([spell => spell.Jurisdiction, spell => spell.ValidFrom, spell => spell.MeasureId], index => index.Name = "mt_doc_measurestatusspell_idx_jurisdiction_valid_from")

                // The measures of a status, in the list's order (GET /measures?status=).
                .Index([spell => spell.Status, spell => spell.Jurisdiction, spell => spell.MeasureId], index => index.Name = "mt_doc_measurestatusspell_idx_status_jurisdiction_measure");
            store.Schema.For<MeasureStepDate>()
                .Duplicate(step => step.EffectiveOn, pgType: "date", configure: index =>
                {
                    // /responses walks the steps in (date, measure, place) order, a page at a time.
                    index.Mask = "?, measure_id, place";
                    index.Name = "mt_doc_measurestepdate_idx_effective_on_measure_place";
                })
                .Duplicate(step => step.MeasureId)
                .Duplicate(step => step.Place, "integer")
                .Duplicate(step => step.Jurisdiction)
                .Duplicate(step => step.Country)
                .Duplicate(step => step.Bloc)
                .Duplicate(step => step.Type)
                .Duplicate(step => step.Direction)
                .Duplicate(step => step.Targets, "text[]", NpgsqlDbType.Array | NpgsqlDbType.Text, index => index.Method = IndexMethod.gin);
        });
        builder.Services.AddSingleton(Countries.Iso3166);

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapRecordLifecycleEvent();
        app.MapGetMeasure();
        app.MapListMeasures();
        app.MapGetStatusAsOf();
        app.MapGetInForce();
        app.MapGetInForceCounts();
        app.MapGetDivergence();
        app.MapGetResponses();
        app.MapImportRegulations();
        app.MapWebDefaults();
        app.Run();
    }
}
