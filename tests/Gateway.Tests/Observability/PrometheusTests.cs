using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Observability;

/// <summary>
/// A real Prometheus scrapes the whole system with the project's own scrape configuration (infra/prometheus), its
/// targets rewritten to the test's ports and its interval to one second, and loads the project's alert rules.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed partial class PrometheusTests(WholeSystem system) : IAsyncLifetime
{
    public static readonly string[] AppJobs = ["gateway", .. WholeSystem.ServiceNames];
    private static readonly string[] RabbitJobs = ["rabbitmq", "rabbitmq-queues"];
    private static readonly TimeSpan Scrapes = TimeSpan.FromSeconds(60);

    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        var config = await File.ReadAllTextAsync(RepositoryFiles.PathOf("infra/prometheus/prometheus.yml"));
        var rules = Directory.GetFiles(RepositoryFiles.PathOf("infra/prometheus"), "*.yml")
            .Where(path => !path.EndsWith("prometheus.yml", StringComparison.Ordinal) && !path.EndsWith(".test.yml", StringComparison.Ordinal))
            .ToDictionary(path => Path.GetFileName(path), File.ReadAllText, StringComparer.Ordinal);
        _prometheus = await PrometheusServer.StartAsync(ForThisTest(config), rules);
    }

    public async Task DisposeAsync() => await _prometheus.DisposeAsync();

    [Fact]
    public async Task Every_app_and_RabbitMQ_are_scraped_and_export_their_series()
    {
        var targets = await Eventually.Until(
            _prometheus.TargetsAsync,
            found => found.Count > 0 && found.All(target => target.Health == "up"),
            Scrapes,
            "every scrape target to be up");

        Assert.Equal([.. AppJobs.Concat(RabbitJobs).Order(StringComparer.Ordinal)], targets.Select(target => target.Job).Distinct().Order(StringComparer.Ordinal));
        foreach (var job in AppJobs)
        {
            Assert.Equal(1, await _prometheus.ValueAsync($"up{{job=\"{job}\"}}"));

            // A series shows from the first scrape after the app first counts it: on a busy machine, a scrape or two later.
            foreach (var series in new[] { "http_requests_received_total", "process_cpu_seconds_total", "intelligence_http_rejected_requests_total" })
            {
                var selector = series == "intelligence_http_rejected_requests_total" ? $"{{job=\"{job}\",service=\"{job}\"}}" : $"{{job=\"{job}\"}}";
                await Eventually.Until(() => _prometheus.QueryAsync(series + selector), found => found.Count > 0, Scrapes, $"{series} of {job}");
            }
        }

        foreach (var service in WholeSystem.ServiceNames)
        {
            var selector = $"{{job=\"{service}\",service=\"{service}\"}}";
            await Eventually.Until(
                () => _prometheus.ValueAsync($"intelligence_async_daemon_leader{selector}"), leader => leader == 1, Scrapes, $"{service} to report that it runs its daemon");
            Assert.NotEmpty(await _prometheus.QueryAsync($"intelligence_relay_lag_events{selector}"));
            Assert.NotEmpty(await _prometheus.QueryAsync($"intelligence_relay_lag_seconds{selector}"));
            Assert.NotEmpty(await _prometheus.QueryAsync($"intelligence_store_high_water_mark{selector}"));
        }

        Assert.NotEmpty(await _prometheus.QueryAsync("rabbitmq_queue_messages_ready{job=\"rabbitmq\"}"));
        Assert.NotEmpty(await _prometheus.QueryAsync("rabbitmq_detailed_queue_messages_ready{job=\"rabbitmq-queues\"}"));
    }

    [Fact]
    public async Task The_project_alert_rules_load_into_Prometheus()
    {
        var alerts = await _prometheus.AlertRuleNamesAsync();

        Assert.Contains("ServiceDown", alerts);
        Assert.Contains("RelayLagHigh", alerts);
        Assert.Contains("MessagesInErrorQueue", alerts);
        Assert.Contains("ProjectionStalled", alerts);
        Assert.Contains("HighLatencyP99", alerts);
    }

    [Fact]
    public async Task Relay_and_consumer_counters_in_Prometheus_match_the_events_the_test_wrote()
    {
        const int Models = 6;

        // Until a first scrape, every query answers nothing, which would read as zeros.
        await Eventually.Until(
            _prometheus.TargetsAsync,
            found => found.Count > 0 && found.All(target => target.Health == "up"),
            Scrapes,
            "every scrape target to be scraped once");

        // Before the test writes: Prometheus has scraped the counters as they are now (the apps' own pages say the
        // same), the relay is caught up, and every ModelReleased it published has reached both consumers.
        var before = await Eventually.Until(
            async () => (Scraped: await ReleasedCountsAsync(), Live: await LiveReleasedCountsAsync()),
            counts => counts.Scraped == counts.Live
                && counts.Scraped.Lag == 0
                && counts.Scraped.Published == counts.Scraped.ByPricing
                && counts.Scraped.Published == counts.Scraped.ByAdoption,
            Scrapes,
            "Prometheus to be current, and the relay and the consumers to agree, before the test writes");

        var run = Seed.Unique();
        for (var i = 0; i < Models; i++)
        {
            using var created = await system.Client.PostAsJsonAsync("/api/releases/models", new
            {
                id = $"prom-{run}-{i.ToString(CultureInfo.InvariantCulture)}",
                name = $"Prom {run} {i.ToString(CultureInfo.InvariantCulture)}",
                organization = new { name = "Observability Lab" },
                originCountries = new[] { "FR" },
                releaseDate = "2025-06-01",
                openWeights = true,
                freeAccess = "yes",
                sourceUrl = "https://example.org/release",
            });
            Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        var latest = before.Scraped;
        ReleasedCounts after;
        try
        {
            after = await Eventually.Until(
                async () => latest = await ReleasedCountsAsync(),
                counts => counts.Appended >= before.Scraped.Appended + Models
                    && counts.Published >= before.Scraped.Published + Models
                    && counts.ByPricing >= before.Scraped.ByPricing + Models
                    && counts.ByAdoption >= before.Scraped.ByAdoption + Models,
                Scrapes,
                $"Prometheus to see {Models} more events stored, published and consumed (the relay counts a publish after the broker confirms it, and a scrape may fall between a consumer's count and the relay's)");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message} Before: {before.Scraped}; last seen: {latest}.", timeout);
        }

        Assert.Equal(before.Scraped.Appended + Models, after.Appended);
        Assert.Equal(before.Scraped.Published + Models, after.Published);
        Assert.Equal(before.Scraped.ByPricing + Models, after.ByPricing);
        Assert.Equal(before.Scraped.ByAdoption + Models, after.ByAdoption);
    }

    /// <summary>The project's scrape file pointed at this test's apps, scraped every second.</summary>
    private string ForThisTest(string config)
    {
        var addresses = new Dictionary<string, Uri>(StringComparer.Ordinal)
        {
            ["gateway"] = system.Gateway.BaseAddress,
            ["releases"] = system.Releases.BaseAddress,
            ["pricing"] = system.Pricing.BaseAddress,
            ["regulation"] = system.Regulation.BaseAddress,
            ["adoption"] = system.Adoption.BaseAddress,
        };
        var rewritten = AppTarget().Replace(config, match => $"127.0.0.1:{addresses[match.Groups["app"].Value].Port.ToString(CultureInfo.InvariantCulture)}");
        rewritten = RabbitTarget().Replace(rewritten, $"{TestServers.RabbitHost}:{TestServers.RabbitPrometheusPort.ToString(CultureInfo.InvariantCulture)}");
        rewritten = Interval().Replace(rewritten, "${setting}: 1s");
        Assert.DoesNotMatch(ComposeHost(), rewritten);
        return rewritten;
    }

    private async Task<ReleasedCounts> ReleasedCountsAsync()
    {
        const string Released = "message_type=\"ModelReleased\"";
        return new ReleasedCounts(
            await _prometheus.ValueAsync("intelligence_events_appended_total{job=\"releases\",service=\"releases\",event_type=\"model_announced\"}"),
            await _prometheus.ValueAsync($"intelligence_relay_events_published_total{{job=\"releases\",service=\"releases\",{Released}}}"),
            await _prometheus.ValueAsync($"intelligence_consumer_messages_consumed_total{{job=\"pricing\",service=\"pricing\",{Released}}}"),
            await _prometheus.ValueAsync($"intelligence_consumer_messages_consumed_total{{job=\"adoption\",service=\"adoption\",{Released}}}"),
            await _prometheus.ValueAsync("intelligence_relay_lag_events{job=\"releases\",service=\"releases\"}"));
    }

    /// <summary>The same counters read from the apps' own page (one registry serves every app of the test process).</summary>
    private async Task<ReleasedCounts> LiveReleasedCountsAsync()
    {
        var live = await MetricsText.ScrapeAsync(system.Releases.BaseAddress);
        return new ReleasedCounts(
            live.Sum("intelligence_events_appended_total", ("service", "releases"), ("event_type", "model_announced")),
            live.Sum("intelligence_relay_events_published_total", ("service", "releases"), ("message_type", "ModelReleased")),
            live.Sum("intelligence_consumer_messages_consumed_total", ("service", "pricing"), ("message_type", "ModelReleased")),
            live.Sum("intelligence_consumer_messages_consumed_total", ("service", "adoption"), ("message_type", "ModelReleased")),
            live.Sum("intelligence_relay_lag_events", ("service", "releases")));
    }

    private sealed record ReleasedCounts(double Appended, double Published, double ByPricing, double ByAdoption, double Lag);

    [GeneratedRegex(@"\b(?<app>gateway|releases|pricing|regulation|adoption):\d+")]
    private static partial Regex AppTarget();

    [GeneratedRegex(@"\brabbitmq:15692\b")]
    private static partial Regex RabbitTarget();

    [GeneratedRegex(@"(?<setting>scrape_interval|evaluation_interval):\s*\S+")]
    private static partial Regex Interval();

    [GeneratedRegex(@"\b(gateway|releases|pricing|regulation|adoption|rabbitmq):\d+")]
    private static partial Regex ComposeHost();
}
