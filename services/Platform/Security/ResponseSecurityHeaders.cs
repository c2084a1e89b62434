using Microsoft.AspNetCore.Builder;

namespace Intelligence.Platform.Security;

/// <summary>
/// Pages an app serves without a key, before authentication (the gateway's dashboard), with the content security
/// policy they need.
/// </summary>
/// <param name="Use">Adds the middleware that serves them.</param>
/// <param name="ContentSecurityPolicy">What the pages may load, and from where.</param>
public sealed record PublicPages(Action<WebApplication> Use, Action<CspBuilder> ContentSecurityPolicy);

/// <summary>
/// The security headers on every response of every app (NetEscapades.AspNetCore.SecurityHeaders): no content-type
/// sniffing, no framing (<c>frame-ancestors 'none'</c>, <c>X-Frame-Options: DENY</c>), no referrer, HSTS for a year on
/// HTTPS (as the trusted proxies' <c>X-Forwarded-Proto</c> says), and a content security policy: none at all for an
/// API's answers, the pages' own where an app serves pages.
/// </summary>
public static class ResponseSecurityHeaders
{
    private const int OneYearInSeconds = 365 * 24 * 60 * 60;

    public static HeaderPolicyCollection For(PublicPages? pages)
    {
        var policies = pages is null
            ? new HeaderPolicyCollection().AddDefaultApiSecurityHeaders()
            : new HeaderPolicyCollection().AddDefaultSecurityHeaders().AddContentSecurityPolicy(pages.ContentSecurityPolicy);
        return policies
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyNoReferrer()
            .AddStrictTransportSecurityMaxAgeIncludeSubDomains(OneYearInSeconds);
    }
}
