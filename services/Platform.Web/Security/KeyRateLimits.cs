using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Intelligence.Platform.Http;
using Intelligence.Platform.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Platform.Security;

/// <summary>
/// A token bucket per API key (per client address for requests without a valid key): a key may burst, then is held
/// to its rate; past it the answer is <c>429</c> with <c>Retry-After</c>. Settings: <c>RateLimits:RequestsPerSecond</c>
/// (a key's default rate, and an address's), <c>RateLimits:BurstSeconds</c>, a key's own
/// <c>Auth:ApiKeys:&lt;name&gt;:RequestsPerSecond</c>, and <c>RateLimits:KeyRateFactor</c>, which multiplies a key's
/// own rate (see <see cref="BehindTheGateway"/>).
/// </summary>
public static class KeyRateLimits
{
    public const int DefaultRequestsPerSecond = 100;

    /// <summary>
    /// The defaults of a service: the gateway holds each key to its rate, and one composed read then costs the key up
    /// to about ten service calls (a dossier makes seven), so a service lets a key ten times its gateway rate. What it
    /// bounds is a key or an address calling the service directly: inside the cluster, or past a misrouted ingress.
    /// </summary>
    public static RateLimitSettings BehindTheGateway { get; } = new(RequestsPerSecond: 1_000, BurstSeconds: 2.0, KeyRateFactor: 10);

    /// <summary>The defaults of the gateway, the one door: a key's rate as given.</summary>
    public static RateLimitSettings AtTheDoor { get; } = new(DefaultRequestsPerSecond, BurstSeconds: 2.0, KeyRateFactor: 1);

    public static WebApplicationBuilder AddKeyRateLimits(this WebApplicationBuilder builder) => builder.AddKeyRateLimits(AtTheDoor);

    public static WebApplicationBuilder AddKeyRateLimits(this WebApplicationBuilder builder, RateLimitSettings defaults)
    {
        var requestsPerSecond = builder.Configuration.GetValue("RateLimits:RequestsPerSecond", defaults.RequestsPerSecond);
        var burstSeconds = builder.Configuration.GetValue("RateLimits:BurstSeconds", defaults.BurstSeconds);
        var keyRateFactor = builder.Configuration.GetValue("RateLimits:KeyRateFactor", defaults.KeyRateFactor);
        if (requestsPerSecond <= 0 || burstSeconds <= 0 || keyRateFactor <= 0)
        {
            throw new InvalidOperationException("RateLimits:RequestsPerSecond, RateLimits:BurstSeconds and RateLimits:KeyRateFactor must be positive.");
        }

        var limits = new RateLimitSettings(requestsPerSecond, burstSeconds, keyRateFactor);
        builder.Services.AddSingleton(limits);
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
                var name = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
                var key = name is null ? null : registry.Named(name);
                var rate = key?.RequestsPerSecond is { } own ? (int)Math.Ceiling(own * limits.KeyRateFactor) : limits.RequestsPerSecond;
                var partition = key is null ? $"address:{context.Connection.RemoteIpAddress}" : $"key:{key.Name}";
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, (int)(rate * burstSeconds)),
                    TokensPerPeriod = rate,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                WebMetrics.CountRejected(rejected.HttpContext, "rate-limit");
                var response = rejected.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = Problems.Details(
                        StatusCodes.Status429TooManyRequests,
                        "Too many requests.",
                        "rate-limit",
                        $"This key's rate limit is reached; retry after {seconds} s."),
                });
            };
        });
        return builder;
    }
}

/// <summary>
/// The default rate of a key (and of an address without one), how many seconds' worth of requests it may send at
/// once, and what a key's own rate is multiplied by.
/// </summary>
public sealed record RateLimitSettings(int RequestsPerSecond, double BurstSeconds, double KeyRateFactor);
