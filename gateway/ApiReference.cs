using Scalar.AspNetCore;

namespace Intelligence.Gateway;

/// <summary>
/// The interactive API reference at <c>/docs</c>: the gateway's own document and each service's, read through the
/// gateway's routes so that "try it" calls go where clients send them.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    private static readonly (string Name, string Title)[] Documents =
    [
        ("gateway", "Gateway: composed read models and the event feed"),
        ("releases", "Releases: the model catalog"),
        ("pricing", "Pricing: offerings, prices, cuts"),
        ("regulation", "Regulation: measures and their lifecycles"),
        ("adoption", "Adoption: usage series and milestones"),
    ];

    public static WebApplication MapApiReference(this WebApplication app)
    {
        app.MapScalarApiReference(Path, options =>
        {
            options.WithTitle("Intelligence API");
            foreach (var (name, title) in Documents)
            {
                options.AddDocument(name, title, name == "gateway" ? "/openapi/v1.json" : $"/api/{name}/openapi/v1.json");
            }
        }).AllowAnonymous();
        return app;
    }
}
