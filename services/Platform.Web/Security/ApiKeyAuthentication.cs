using System.Security.Claims;
using System.Text.Encodings.Web;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Intelligence.Platform.Security;

/// <summary>
/// Authenticates a request by the API key it carries, as <c>Authorization: Bearer &lt;key&gt;</c> or
/// <c>X-Api-Key: &lt;key&gt;</c>, and answers <c>401</c> and <c>403</c> as problem details naming the rule.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";
    private const string BearerPrefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (registry.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not known."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), .. key.Roles.Select(role => new Claim(ClaimTypes.Role, role))],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var known = PresentedKey(Request) is null;
        return WriteProblem(
            StatusCodes.Status401Unauthorized,
            "An API key is required.",
            known ? "api-key-required" : "api-key-known",
            known
                ? $"Send an API key as 'Authorization: Bearer <key>' or '{ApiKeyHeader}: <key>'."
                : "The API key sent is not one this service accepts.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var needed = RoleByMethod.RequiredRole(Context);
        return WriteProblem(
            StatusCodes.Status403Forbidden,
            "The API key lacks the role this request needs.",
            "role-required",
            $"{Request.Method} {Request.Path} needs the '{needed}' role; the key '{Context.User.Identity?.Name}' holds {string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => $"'{c.Value}'"))}.");
    }

    internal static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && authorization.Length > BearerPrefix.Length)
        {
            return authorization[BearerPrefix.Length..].Trim();
        }

        return request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } key ? key.Trim() : null;
    }

    private async Task WriteProblem(int status, string title, string rule, string detail)
    {
        WebMetrics.CountRejected(Context, rule);
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = Problems.Details(status, title, rule, detail),
        });
    }
}
