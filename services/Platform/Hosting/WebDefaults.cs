using System.Text.Json;
using System.Text.Json.Serialization;
using Intelligence.Platform.Http;
using Intelligence.Platform.Messaging;
using Intelligence.Platform.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace Intelligence.Platform;

/// <summary>What every HTTP app of the system does the same way: problems, health, metrics, OpenAPI.</summary>
public static class WebDefaults
{
    /// <summary>Health checks tagged so are part of <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    public static WebApplicationBuilder AddWebDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        PlatformMetrics.SuppressDuplicateDefaultMetrics();

        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();

        // Unreadable bodies throw, so the exception handler can answer with a problem that names the field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.AllowTrailingCommas = false;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        });

        builder.Services.AddHealthChecks();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseWebDefaults(this WebApplication app)
    {
        // Outermost, so the recorded status is the one the exception handler finally wrote.
        app.UseHttpMetrics();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseIdempotencyKeys();
        return app;
    }

    public static WebApplication MapWebDefaults(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteHealth,
        });
        app.MapMetrics();
        app.MapOpenApi();

        // Every event-sourced service serves its integration events by position; the gateway merges them.
        if (app.Services.GetService<IIntegrationEventMap>() is not null)
        {
            app.MapIntegrationEventFeed();
        }

        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        });
    }
}
