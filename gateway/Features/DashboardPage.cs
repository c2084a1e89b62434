using Intelligence.Platform.Security;
using Microsoft.Extensions.FileProviders;

namespace Intelligence.Gateway.Features;

/// <summary>
/// The product staff's dashboard at <c>/</c>: static files built from <c>gateway/Dashboard</c> (copied to the output as
/// <c>dashboard/</c>). The page is served without a key and holds no data: it reads the gateway's APIs with a reader key,
/// so it shows only what that key may read. Where the development keys are on, <c>/dashboard/config</c> offers the development reader
/// key so a local run opens ready to read.
/// </summary>
public static partial class DashboardPage
{
    /// <summary>Only the gateway itself: no script, style, font or image from another host; never framed.</summary>
    public static void ContentSecurityPolicy(CspBuilder policy)
    {
        policy.AddDefaultSrc().Self();
        policy.AddScriptSrc().Self();
        policy.AddStyleSrc().Self().UnsafeInline();
        policy.AddImgSrc().Self().Data();
        policy.AddConnectSrc().Self();
        policy.AddFrameAncestors().None();
        policy.AddBaseUri().None();
        policy.AddFormAction().Self();
    }

    public static WebApplication UseDashboardPage(this WebApplication app)
    {
        var folder = app.Configuration["Dashboard:Folder"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "dashboard");
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            LogNoDashboard(app.Logger, folder);
            return app;
        }

        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;

                // The files keep their names from build to build: a browser asks again rather than run an old page.
                headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    public static IEndpointRouteBuilder MapDashboardConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet("/dashboard/config", (ApiKeyRegistry keys) =>
            {
                var reader = ApiKeyRegistry.DevelopmentKeys.First(key => key.Role == ApiRoles.Reader);
                return TypedResults.Ok(new DashboardConfig(keys.Find(reader.Key) is { IsDevelopmentKey: true } ? reader.Key : null));
            })
            .AllowAnonymous()
            .WithName("GetDashboardConfig")
            .WithSummary("What the dashboard needs to start: the development reader key where the development keys are on, else none (the page asks for a key).")
            .ExcludeFromDescription();
        return app;
    }

    /// <param name="ApiKey">A key the page may read with; null when the user must give one.</param>
    public sealed record DashboardConfig(string? ApiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No dashboard in {Folder} (built with -p:BuildDashboard=false?); / serves nothing")]
    private static partial void LogNoDashboard(ILogger logger, string folder);
}
