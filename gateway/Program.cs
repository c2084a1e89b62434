using Intelligence.Gateway.Events;
using Intelligence.Platform;

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
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.AddEventFeed();

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapReverseProxy();
        app.MapEventFeed();
        app.MapWebDefaults();
        app.Run();
    }
}
