using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.Security;

/// <summary>
/// Pages an app serves without a key, before authentication (the gateway's dashboard), with the content security
/// policy they need.
/// </summary>
/// <param name="Use">Adds the middleware that serves them.</param>
/// <param name="ContentSecurityPolicy">What the pages may load, and from where.</param>
/// <param name="LibraryPagesUnder">
/// Paths of pages a library renders (the API reference), whose inline scripts and fonts the pages' policy cannot list:
/// their content security policy only forbids framing, as before these headers.
/// </param>
public sealed record PublicPages(Action<WebApplication> Use, Action<CspBuilder> ContentSecurityPolicy, IReadOnlyList<string> LibraryPagesUnder);

/// <summary>
/// The security headers on every response of every app (NetEscapades.AspNetCore.SecurityHeaders): no content-type
/// sniffing, no framing (<c>frame-ancestors 'none'</c>, <c>X-Frame-Options: DENY</c>), no referrer, HSTS for a year on
/// HTTPS (as the trusted proxies' <c>X-Forwarded-Proto</c> says), and a content security policy: none at all for an
/// API's answers, the pages' own where an app serves pages.
/// </summary>
public static class ResponseSecurityHeaders
{
    private const int OneYearInSeconds = 365 * 24 * 60 * 60;

    /// <summary>The headers of an API's answers: a content security policy that allows nothing.</summary>
    public static HeaderPolicyCollection Api() => Common(new HeaderPolicyCollection().AddDefaultApiSecurityHeaders());

    /// <summary>The headers of pages, with the content security policy they need.</summary>
    public static HeaderPolicyCollection Pages(Action<CspBuilder> contentSecurityPolicy) =>
        Common(new HeaderPolicyCollection().AddDefaultSecurityHeaders().AddContentSecurityPolicy(contentSecurityPolicy));

    /// <summary>Adds the headers to every answer: the API's, or where an app serves pages, theirs.</summary>
    public static WebApplication UseResponseSecurityHeaders(this WebApplication app, PublicPages? pages)
    {
        if (pages is null)
        {
            app.UseSecurityHeaders(Api());
            return app;
        }

        bool IsLibraryPage(HttpContext context) => pages.LibraryPagesUnder.Any(path => context.Request.Path.StartsWithSegments(path));
        var libraryPages = Pages(policy => policy.AddFrameAncestors().None());
        app.UseWhen(IsLibraryPage, branch => branch.UseSecurityHeaders(libraryPages));
        app.UseWhen(context => !IsLibraryPage(context), branch => branch.UseSecurityHeaders(Pages(pages.ContentSecurityPolicy)));
        return app;
    }

    private static HeaderPolicyCollection Common(HeaderPolicyCollection policies) => policies
        .AddContentTypeOptionsNoSniff()
        .AddFrameOptionsDeny()
        .AddReferrerPolicyNoReferrer()
        .AddStrictTransportSecurityMaxAgeIncludeSubDomains(OneYearInSeconds);
}
