using Intelligence.Platform;
using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Features;
using Intelligence.Releases.Integration;
using Intelligence.Releases.Projections;
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
            store.Events.AddEventType<ModelAnnounced>();
            store.Projections.Add<ModelProjection>(ProjectionLifecycle.Inline);
        });
        builder.Services.AddSingleton(Countries.Iso3166);

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapAnnounceModel();
        app.MapGetModel();
        app.MapWebDefaults();
        app.Run();
    }
}
