using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Events;
using Intelligence.Gateway.Features;
using Intelligence.Gateway.Observability;
using Intelligence.Platform;
using Intelligence.Platform.Security;

namespace Intelligence.Gateway;

public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddWebDefaults("gateway");
        builder.AddKeyRateLimits();
        builder.Services.AddRequestTimeouts();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.AddComposedReadModels();
        builder.AddEventFeed();

        var app = builder.Build();

        // Before authentication: the page and its scripts are public; the data it reads needs a key.
        app.UseWebDefaults(new PublicPages(web => web.UseDashboardPage(), DashboardPage.ContentSecurityPolicy, [ApiReference.Path]));
        app.UseRequestTimeouts();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseUpstreamMetrics();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        app.MapComposedReadModels();
        app.MapApiReference();
        app.MapEventFeed();
        app.MapDashboardConfig();
        app.MapWebDefaults();
        app.Run();
    }
}
