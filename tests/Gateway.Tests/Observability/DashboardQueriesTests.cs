using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Observability;

/// <summary>
/// The Grafana dashboards and the metric catalogue (docs/metrics.md) name only metrics the running apps and RabbitMQ
/// export: read from their <c>/metrics</c> pages, not from a list kept by hand.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed partial class DashboardQueriesTests(WholeSystem system)
{
    public static TheoryData<string> Dashboards() =>
        [.. Directory.GetFiles(RepositoryFiles.PathOf("infra/grafana/dashboards"), "*.json").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public async Task Every_query_of_the_dashboard_selects_only_metrics_the_system_exports(string dashboard)
    {
        var exported = await ExportedNamesAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf($"infra/grafana/dashboards/{dashboard}")));
        var queries = PromQl.DashboardExpressions(json);

        Assert.NotEmpty(queries);
        var unknown = queries
            .SelectMany(query => PromQl.MetricNames(query).Select(name => (name, query)))
            .Where(pair => pair.name != "up" && !exported.Contains(pair.name))
            .Select(pair => $"{pair.name} (in {pair.query})")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(unknown.Count == 0, $"{dashboard} selects metrics nothing exports:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public async Task Every_metric_of_the_catalogue_is_exported()
    {
        var exported = await ExportedNamesAsync();
        var catalogue = CatalogueName().Matches(await File.ReadAllTextAsync(RepositoryFiles.PathOf("docs/metrics.md")))
            .Select(match => match.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("intelligence_relay_lag_seconds", catalogue);
        Assert.All(catalogue, name => Assert.True(exported.Contains(name), $"docs/metrics.md lists {name}, which no app exports."));
    }

    /// <summary>Every name the five apps and RabbitMQ's two endpoints declare.</summary>
    private async Task<HashSet<string>> ExportedNamesAsync()
    {
        var rabbit = new Uri($"http://{TestServers.RabbitHost}:{TestServers.RabbitPrometheusPort.ToString(CultureInfo.InvariantCulture)}/");
        var pages = new[]
        {
            MetricsText.ScrapeAsync(system.Gateway.BaseAddress),
            MetricsText.ScrapeAsync(system.Releases.BaseAddress),
            MetricsText.ScrapeAsync(system.Pricing.BaseAddress),
            MetricsText.ScrapeAsync(system.Regulation.BaseAddress),
            MetricsText.ScrapeAsync(system.Adoption.BaseAddress),
            MetricsText.ScrapeAsync(rabbit),
            MetricsText.ScrapeAsync(rabbit, "metrics/detailed?family=queue_coarse_metrics"),
        };

        return [.. (await Task.WhenAll(pages)).SelectMany(page => page.Names)];
    }

    /// <summary>A metric named in the first column of a catalogue table.</summary>
    [GeneratedRegex(@"^\| `(?<name>[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex CatalogueName();
}
