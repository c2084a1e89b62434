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
/// and <c>RateLimits:Burst</c>, or a key's own <c>Auth:ApiKeys:&lt;name&gt;:RequestsPerSecond</c>.
/// </summary>
public static class KeyRateLimits
{
    public const int DefaultRequestsPerSecond = 100;

    public static WebApplicationBuilder AddKeyRateLimits(this WebApplicationBuilder builder)
    {
        var requestsPerSecond = builder.Configuration.GetValue("RateLimits:RequestsPerSecond", DefaultRequestsPerSecond);
        var burstSeconds = builder.Configuration.GetValue("RateLimits:BurstSeconds", 2.0);
        if (requestsPerSecond <= 0 || burstSeconds <= 0)
        {
            throw new InvalidOperationException("RateLimits:RequestsPerSecond and RateLimits:BurstSeconds must be positive.");
        }

        var limits = new RateLimitSettings(requestsPerSecond, burstSeconds);
        builder.Services.AddSingleton(limits);
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var registry = context.RequestServices.GetRequiredService<ApiKeyRegistry>();
                var name = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.Name) : null;
                var key = name is null ? null : registry.Named(name);
                var rate = key?.RequestsPerSecond ?? limits.RequestsPerSecond;
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

/// <summary>The default rate of a key, and how many seconds' worth of requests it may send at once.</summary>
public sealed record RateLimitSettings(int RequestsPerSecond, double BurstSeconds);
