using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Intelligence.Deployment.Tests;

/// <summary>A scrape job of infra/prometheus/prometheus.yml.</summary>
internal sealed record ScrapeJob(string Name, string MetricsPath, IReadOnlyList<string> Targets, IReadOnlyDictionary<string, IReadOnlyList<string>> Params)
{
    public override string ToString() => Name;
}

/// <summary>An alerting rule of infra/prometheus/alerts.yml.</summary>
internal sealed record AlertRule(string Name, string Expression, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    public override string ToString() => Name;
}

/// <summary>The observability files (Prometheus, alerts, Grafana, the metric catalogue), read as the tests need them.</summary>
internal static partial class Observability
{
    public const string PrometheusFolder = "infra/prometheus";
    public const string PrometheusConfig = "infra/prometheus/prometheus.yml";
    public const string Alerts = "infra/prometheus/alerts.yml";
    public const string AlertTests = "infra/prometheus/alerts.test.yml";
    public const string GrafanaProvisioning = "infra/grafana/provisioning";
    public const string DashboardsFolder = "infra/grafana/dashboards";
    public const string DashboardGenerator = "infra/grafana/generate.py";
    public const string MetricCatalogueFile = "docs/metrics.md";

    /// <summary>The compose services and Grafana's own default paths (the image's GF_PATHS_PROVISIONING).</summary>
    public const string Prometheus = "prometheus";
    public const string Grafana = "grafana";
    public const string GrafanaProvisioningPath = "/etc/grafana/provisioning";

    /// <summary>The datasource uid every dashboard panel names.</summary>
    public const string DatasourceUid = "prometheus";

    private static readonly Lazy<YamlNode> LazyPrometheusConfig = new(() => LoadYaml(PrometheusConfig));
    private static readonly Lazy<MetricCatalogue> LazyCatalogue = new(() => MetricCatalogue.Load(Repository.PathOf(MetricCatalogueFile)));

    public static IReadOnlyList<ScrapeJob> ScrapeJobs =>
        Sequence(ComposeFile.Get(LazyPrometheusConfig.Value, "scrape_configs"))
            .Select(job => new ScrapeJob(
                ComposeFile.Scalar(ComposeFile.Get(job, "job_name")),
                ComposeFile.Scalar(ComposeFile.Get(job, "metrics_path")) is { Length: > 0 } path ? path : "/metrics",
                Sequence(ComposeFile.Get(job, "static_configs"))
                    .SelectMany(config => Sequence(ComposeFile.Get(config, "targets")))
                    .Select(ComposeFile.Scalar)
                    .ToList(),
                (ComposeFile.Get(job, "params") as YamlMappingNode)?.Children.ToDictionary(
                    entry => ComposeFile.Scalar(entry.Key),
                    entry => (IReadOnlyList<string>)Sequence(entry.Value).Select(ComposeFile.Scalar).ToList())
                    ?? new Dictionary<string, IReadOnlyList<string>>()))
            .ToList();

    public static IReadOnlyList<string> RuleFiles =>
        Sequence(ComposeFile.Get(LazyPrometheusConfig.Value, "rule_files")).Select(ComposeFile.Scalar).ToList();

    public static IReadOnlyList<AlertRule> AlertRules =>
        Sequence(ComposeFile.Get(LoadYaml(Alerts), "groups"))
            .SelectMany(group => Sequence(ComposeFile.Get(group, "rules")))
            .Where(rule => ComposeFile.Get(rule, "alert") is not null)
            .Select(rule => new AlertRule(
                ComposeFile.Scalar(ComposeFile.Get(rule, "alert")),
                ComposeFile.Scalar(ComposeFile.Get(rule, "expr")),
                Mapping(ComposeFile.Get(rule, "labels")),
                Mapping(ComposeFile.Get(rule, "annotations"))))
            .ToList();

    /// <summary>Every alert_rule_test of alerts.test.yml: the alert it evaluates and how many alerts it expects.</summary>
    public static IReadOnlyList<(string Alert, int ExpectedAlerts)> AlertRuleTests =>
        Sequence(ComposeFile.Get(LoadYaml(AlertTests), "tests"))
            .SelectMany(test => Sequence(ComposeFile.Get(test, "alert_rule_test")))
            .Select(test => (
                ComposeFile.Scalar(ComposeFile.Get(test, "alertname")),
                Sequence(ComposeFile.Get(test, "exp_alerts")).Count()))
            .ToList();

    /// <summary>Every dashboard JSON file, relative to the repository root.</summary>
    public static IReadOnlyList<string> DashboardFiles =>
        Directory.EnumerateFiles(Repository.PathOf(DashboardsFolder), "*.json")
            .Select(Repository.RelativePathOf)
            .Order(StringComparer.Ordinal)
            .ToList();

    public static JsonDocument LoadDashboard(string relativePath) =>
        JsonDocument.Parse(File.ReadAllText(Repository.PathOf(relativePath)));

    /// <summary>Every panel of a dashboard, panels inside rows (collapsed rows carry theirs) included.</summary>
    public static IEnumerable<JsonElement> Panels(JsonDocument dashboard)
    {
        var pending = new Stack<JsonElement>();
        if (dashboard.RootElement.TryGetProperty("panels", out var top))
        {
            foreach (var panel in top.EnumerateArray().Reverse())
            {
                pending.Push(panel);
            }
        }

        while (pending.TryPop(out var panel))
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var child in nested.EnumerateArray().Reverse())
                {
                    pending.Push(child);
                }
            }
        }
    }

    public static string Title(JsonElement panel) =>
        panel.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty;

    /// <summary>A provisioning YAML file's root, by its path relative to the repository root.</summary>
    public static YamlNode LoadYaml(string relativePath)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Repository.PathOf(relativePath)))
        {
            yaml.Load(reader);
        }

        return yaml.Documents[0].RootNode;
    }

    public static IEnumerable<YamlNode> Sequence(YamlNode? node) => (node as YamlSequenceNode)?.Children ?? [];

    public static IReadOnlyDictionary<string, string> Mapping(YamlNode? node) =>
        (node as YamlMappingNode)?.Children.ToDictionary(entry => ComposeFile.Scalar(entry.Key), entry => ComposeFile.Scalar(entry.Value))
        ?? new Dictionary<string, string>();

    /// <summary>host and port of <c>host:port</c> or of a URL.</summary>
    public static (string Host, int Port) HostAndPort(string address)
    {
        var uri = new Uri(address.Contains("://", StringComparison.Ordinal) ? address : $"http://{address}");
        return (uri.Host, uri.Port);
    }

    /// <summary>The metrics docs/metrics.md promises.</summary>
    public static MetricCatalogue Catalogue => LazyCatalogue.Value;
}
