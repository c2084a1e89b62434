using Intelligence.Gateway.Composition;
using Intelligence.Gateway.Events;
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
        app.UseWebDefaults();
        app.UseRequestTimeouts();
        app.MapReverseProxy();
        app.MapComposedReadModels();
        app.MapApiReference();
        app.MapEventFeed();
        app.MapWebDefaults();
        app.Run();
    }
}
