using Intelligence.Gateway.Composition;
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
        builder.AddComposedReadModels();

        var app = builder.Build();
        app.UseWebDefaults();
        app.MapReverseProxy();
        app.MapComposedReadModels();
        app.MapWebDefaults();
        app.Run();
    }
}
