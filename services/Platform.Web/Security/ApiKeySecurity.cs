using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Security;

/// <summary>
/// API keys with roles, the same in the gateway and in every service, so a request that goes around the gateway
/// meets the same door. Endpoints without a policy follow <see cref="RoleByMethod"/>; admin endpoints require the
/// <see cref="ApiRoles.Operator"/> policy; health, metrics and OpenAPI documents are open.
/// </summary>
public static class ApiKeySecurity
{
    public static WebApplicationBuilder AddApiKeySecurity(this WebApplicationBuilder builder)
    {
        var registry = ApiKeyRegistry.FromConfiguration(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(registry);
        builder.Services
            .AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        var authorization = builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new RoleByMethod())
                .Build());
        foreach (var role in ApiRoles.All)
        {
            authorization.AddPolicy(role, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(role));
        }

        builder.Services.AddSingleton<IAuthorizationHandler, RoleByMethod>();
        return builder;
    }
}
