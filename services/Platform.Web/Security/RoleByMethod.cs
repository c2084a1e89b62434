using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.Security;

/// <summary>
/// The rule every endpoint follows unless it names a policy of its own: queries need the reader role, commands
/// and imports the editor role. One rule in one place, so no new endpoint is left open by forgetting it.
/// </summary>
public sealed class RoleByMethod : AuthorizationHandler<RoleByMethod>, IAuthorizationRequirement
{
    /// <summary>The role a request needs: the endpoint's own policy (named after its role) or the method's.</summary>
    public static string RequiredRole(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy is { } policy && ApiRoles.All.Contains(policy)
            ? policy
            : RoleFor(context);

    public static string RoleFor(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method)
            ? ApiRoles.Reader
            : ApiRoles.Editor;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleByMethod requirement)
    {
        if (context.Resource is HttpContext http && context.User.IsInRole(RoleFor(http)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
