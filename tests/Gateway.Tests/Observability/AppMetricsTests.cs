using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Intelligence.TestSupport.MetricsText;

namespace Intelligence.Gateway.Tests.Observability;

/// <summary>
/// What each app's <c>/metrics</c> says is true: it passes <c>promtool check metrics</c>, and refusals, composed
/// answers, degraded parts, calls to a service that is away and poison messages are counted as they happen.
/// All apps of the whole system share one process, hence one registry: each assertion selects its app by the
/// <c>service</c> label.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class AppMetricsTests(WholeSystem system)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_app_exposition_passes_promtool_check_metrics()
    {
        Assert.True(File.Exists(PrometheusServer.Promtool), $"{PrometheusServer.Promtool} is missing: apt-get install -y --no-install-recommends prometheus");
        foreach (var app in new[] { system.Gateway.BaseAddress, system.Releases.BaseAddress, system.Pricing.BaseAddress, system.Regulation.BaseAddress, system.Adoption.BaseAddress })
        {
            using var client = new HttpClient { BaseAddress = app };
            var exposition = await client.GetStringAsync(new Uri("metrics", UriKind.Relative));

            var check = await ProcessRun.RunAsync(PrometheusServer.Promtool, ["check", "metrics"], exposition);

            Assert.True(check.ExitCode == 0, $"promtool check metrics on {app}metrics: {check.Output}");
        }
    }

    [Fact]
    public async Task No_app_exports_the_dotnet_meters_that_would_duplicate_its_http_series()
    {
        foreach (var app in new[] { system.Gateway.BaseAddress, system.Releases.BaseAddress })
        {
            var names = (await MetricsText.ScrapeAsync(app)).Names;

            Assert.Contains("http_request_duration_seconds", names);
            Assert.DoesNotContain(names, name => name.StartsWith("http_server_", StringComparison.Ordinal)
                || name.StartsWith("microsoft_aspnetcore_", StringComparison.Ordinal)
                || name.StartsWith("kestrel_", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_service_is_ready_with_its_database_its_broker_and_its_daemon_running()
    {
        foreach (var service in new[] { system.Releases.BaseAddress, system.Pricing.BaseAddress, system.Regulation.BaseAddress, system.Adoption.BaseAddress })
        {
            using var client = new HttpClient { BaseAddress = service };
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var report = await ready.Content.ReadFromJsonAsync<JsonElement>();

            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var checks = report.GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty("postgres").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("async-daemon").GetProperty("status").GetString());
            Assert.StartsWith("Running", checks.GetProperty("async-daemon").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains(checks.EnumerateObject(), check => check.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Refused_requests_are_counted_by_the_rule_they_broke()
    {
        var before = await MetricsText.ScrapeAsync(system.Gateway.BaseAddress);
        using var anonymous = system.Gateway.NewClient(apiKey: null);
        using var reader = system.Gateway.NewClient(TestApiKeys.Reader);
        using var stranger = system.Gateway.NewClient("not-a-key-of-ours");

        using var noKey = await anonymous.GetAsync(new Uri("/api/releases/models", UriKind.Relative));
        using var unknownKey = await stranger.GetAsync(new Uri("/api/releases/models", UriKind.Relative));
        using var readerWrites = await reader.PostAsJsonAsync("/api/releases/models", new { id = "never-stored" });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readerWrites.StatusCode);
        var after = await MetricsText.ScrapeAsync(system.Gateway.BaseAddress);
        Assert.Equal(1, Delta(before, after, "intelligence_http_rejected_requests_total", ("service", "gateway"), ("reason", "api-key-required")));
        Assert.Equal(1, Delta(before, after, "intelligence_http_rejected_requests_total", ("service", "gateway"), ("reason", "api-key-known")));
        Assert.Equal(1, Delta(before, after, "intelligence_http_rejected_requests_total", ("service", "gateway"), ("reason", "role-required")));
    }

    [Fact]
    public async Task Composed_answers_are_timed_and_a_missing_service_is_counted_as_degraded_and_as_an_upstream_failure()
    {
        var before = await MetricsText.ScrapeAsync(system.Gateway.BaseAddress);

        using var whole = await system.Client.GetAsync(new Uri("/api/landscape", UriKind.Relative));
        HttpResponseMessage withoutPricing;
        HttpResponseMessage proxiedToPricing;
        using (system.Outage("pricing"))
        {
            withoutPricing = await system.Client.GetAsync(new Uri("/api/landscape", UriKind.Relative));
            proxiedToPricing = await system.Client.GetAsync(new Uri("/api/pricing/offerings", UriKind.Relative));
        }

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutPricing.StatusCode);
        Assert.True((int)proxiedToPricing.StatusCode >= 500, $"the proxied call answered {proxiedToPricing.StatusCode}");
        withoutPricing.Dispose();
        proxiedToPricing.Dispose();
        var after = await MetricsText.ScrapeAsync(system.Gateway.BaseAddress);
        Assert.Equal(2, Delta(before, after, "intelligence_gateway_composed_request_duration_seconds_count", ("endpoint", "landscape")));
        Assert.Equal(1, Delta(before, after, "intelligence_gateway_degraded_answers_total", ("endpoint", "landscape"), ("service", "pricing")));
        Assert.Equal(0, Delta(before, after, "intelligence_gateway_degraded_answers_total", ("endpoint", "landscape"), ("service", "releases")));
        Assert.True(Delta(before, after, "intelligence_gateway_upstream_failures_total", ("service", "pricing"), ("caller", "composition")) >= 1);
        Assert.Equal(1, Delta(before, after, "intelligence_gateway_upstream_failures_total", ("service", "pricing"), ("caller", "proxy")));
        Assert.True(Delta(before, after, "intelligence_gateway_upstream_request_duration_seconds_count", ("service", "releases"), ("caller", "composition")) >= 1);
    }

    [Fact]
    public async Task A_message_that_cannot_be_read_goes_to_the_error_queue_and_is_counted()
    {
        // Pricing's retirement queue: its error queue is this test's alone (PoisonMessageTests uses the release queue).
        var queue = $"{system.Pricing.Services.GetRequiredService<IConfiguration>()["RabbitMq:QueuePrefix"]}-model-retired";
        var before = await MetricsText.ScrapeAsync(system.Pricing.BaseAddress);

        // Straight into pricing's queue, not through the exchange: no other consumer should see the poison.
        await RabbitConnections.PublishToQueueAsync(queue, Encoding.UTF8.GetBytes("{\"message\": {\"modelId\": "));

        var after = await Eventually.Until(
            () => MetricsText.ScrapeAsync(system.Pricing.BaseAddress),
            now => Delta(before, now, "intelligence_consumer_error_queue_messages_total", ("service", "pricing"), ("queue", queue)) >= 1,
            Delivery,
            "the unreadable message to be moved to the error queue");
        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "poison-unreadable",
            Fault = "A truncated JSON message published into pricing's queue",
            Observations = new Dictionary<string, string>
            {
                ["moved to the error queue"] = $"{Delta(before, after, "intelligence_consumer_error_queue_messages_total", ("service", "pricing"), ("queue", queue))}",
            },
        });
        Assert.Equal(1, Delta(before, after, "intelligence_consumer_error_queue_messages_total", ("service", "pricing"), ("queue", queue)));

        // The error queue is the host's own (exclusive, deleted with it): the management API reads it from outside.
        using var management = TestServers.RabbitManagementClient();
        await Eventually.Until(
            async () => (await management.GetFromJsonAsync<JsonElement>(
                new Uri($"api/queues/{Uri.EscapeDataString(TestServers.RabbitVirtualHost)}/{Uri.EscapeDataString(queue + "_error")}", UriKind.Relative)))
                .TryGetProperty("messages", out var messages) ? messages.GetInt32() : -1,
            messages => messages == 1,
            Delivery,
            "the error queue to hold the message");
    }
}
