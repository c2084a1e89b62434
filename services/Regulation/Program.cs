using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Features;
using Intelligence.Regulation.Integration;
using Intelligence.Regulation.Projections;
using JasperFx.Events.Projections;

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
        });
        builder.Services.AddSingleton(Countries.Iso3166);

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapRecordLifecycleEvent();
        app.MapGetMeasure();
        app.MapListMeasures();
        app.MapGetStatusAsOf();
        app.MapGetInForce();
        app.MapGetDivergence();
        app.MapGetResponses();
        app.MapImportRegulations();
        app.MapWebDefaults();
        app.Run();
    }
}
