using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Intelligence.Platform.Security;

/// <summary>Declares the API key in every OpenAPI document, so the reference page can send one.</summary>
internal sealed class ApiKeyDocumentTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeName = "apiKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key, as 'Authorization: Bearer <key>' (or the X-Api-Key header). Roles: reader for queries, editor for commands and imports, operator for /admin.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        return Task.CompletedTask;
    }
}
