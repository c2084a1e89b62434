using Intelligence.Gateway.Features;
using Intelligence.Gateway.Observability;
using Intelligence.Gateway.Routing;

namespace Intelligence.Gateway.Composition;

/// <summary>The read models the gateway composes from several services: dossier, landscape, timeline, disruption.</summary>
public static class ComposedReadModels
{
    public static WebApplicationBuilder AddComposedReadModels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(CompositionSettings.From(builder.Configuration));
        builder.Services.AddSingleton<PartCache>();
        builder.Services.AddSingleton<KeptAnswers>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddServiceDestinations();
        builder.Services.AddTransient<ForwardCallerHeaders>();

        // The part runner times each part; the client's own timeout only backs it up.
        builder.Services.AddHttpClient(ServiceClient.HttpClientName, client => client.Timeout = TimeSpan.FromMinutes(2))
            .AddHttpMessageHandler<ForwardCallerHeaders>()
            .AddHttpMessageHandler(services => new UpstreamMetricsHandler(GatewayMetrics.Composition, services.GetRequiredService<IHttpContextAccessor>()));
        builder.Services.AddTransient<ReleasesClient>();
        builder.Services.AddTransient<PricingClient>();
        builder.Services.AddTransient<RegulationClient>();
        builder.Services.AddTransient<AdoptionClient>();
        return builder;
    }

    public static IEndpointRouteBuilder MapComposedReadModels(this IEndpointRouteBuilder app)
    {
        var composed = app.MapGroup(string.Empty).WithComposedMetrics().WithKeptAnswers();
        composed.MapModelDossier();
        composed.MapLandscape();
        composed.MapTimeline();
        composed.MapDisruption();
        return app;
    }
}
