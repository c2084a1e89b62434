using Intelligence.TestSupport;

namespace Intelligence.Deployment.Tests;

/// <summary>infra/prometheus: promtool accepts the configuration and the alerts, the alerts' unit tests pass, and the
/// scrape jobs and the compose prometheus service agree with docker-compose.yml.</summary>
public sealed class PrometheusConfigTests
{
    private const string RabbitMqMetricsPort = "15692";

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_its_rule_files()
    {
        var output = await Tool.SucceedsAsync("promtool", "check", "config", Observability.PrometheusConfig);

        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_accepts_the_alert_rules()
    {
        var output = await Tool.SucceedsAsync("promtool", "check", "rules", Observability.Alerts);

        Assert.Contains($"SUCCESS: {Observability.AlertRules.Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unit_tests_of_the_alerts_pass()
    {
        var output = await Tool.SucceedsAsync("promtool", "test", "rules", Observability.AlertTests);

        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_loads_the_alerts_from_its_own_folder()
    {
        // Compose mounts the folder: a rule file elsewhere would be missing in the container.
        Assert.Contains("alerts.yml", Observability.RuleFiles);
        Assert.All(Observability.RuleFiles, file =>
        {
            Assert.False(Path.IsPathRooted(file) || file.Contains("..", StringComparison.Ordinal), $"{file} is not inside {Observability.PrometheusFolder}.");
            Assert.True(File.Exists(Repository.PathOf($"{Observability.PrometheusFolder}/{file}")), $"{file} does not exist.");
        });
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void Every_web_project_is_scraped_by_a_job_named_after_its_compose_service_at_its_port(string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var job = Assert.Single(Observability.ScrapeJobs, job => job.Name == webProject.ServiceName);

        Assert.Equal($"{webProject.ServiceName}:{webProject.UrlsPort}", Assert.Single(job.Targets));
        Assert.Equal("/metrics", job.MetricsPath);
    }

    [Fact]
    public void Every_scrape_target_is_a_compose_service_at_one_of_its_container_ports()
    {
        var jobs = Observability.ScrapeJobs;

        Assert.NotEmpty(jobs);
        Assert.Equal(jobs.Count, jobs.Select(job => job.Name).Distinct().Count());
        Assert.All(jobs, job =>
        {
            Assert.NotEmpty(job.Targets);
            Assert.All(job.Targets, target =>
            {
                var (host, port) = Observability.HostAndPort(target);
                var service = Deployed.Service(host, $"for the target {target} of job {job.Name}");
                Assert.Contains(port, service.Ports.Select(mapping => mapping.Target));
            });
        });
    }

    [Fact]
    public void RabbitMQ_is_scraped_for_its_node_totals_and_per_queue()
    {
        var target = $"{Deployed.RabbitMq}:{RabbitMqMetricsPort}";
        var totals = Assert.Single(Observability.ScrapeJobs, job => job.Name == "rabbitmq");
        var queues = Assert.Single(Observability.ScrapeJobs, job => job.Name == "rabbitmq-queues");

        Assert.Equal(target, Assert.Single(totals.Targets));
        Assert.Equal("/metrics", totals.MetricsPath);
        Assert.Equal(target, Assert.Single(queues.Targets));
        Assert.Equal("/metrics/detailed", queues.MetricsPath);
        Assert.Equal(["queue_coarse_metrics"], queues.Params.GetValueOrDefault("family"));
    }

    [Fact]
    public void The_compose_prometheus_reads_the_configuration_from_the_mounted_folder()
    {
        var prometheus = Deployed.Service(Observability.Prometheus);
        var configFile = prometheus.Command
            .Where(argument => argument.StartsWith("--config.file=", StringComparison.Ordinal))
            .Select(argument => argument["--config.file=".Length..])
            .SingleOrDefault();

        Assert.NotNull(configFile);
        var mount = Assert.Single(prometheus.Volumes, mount => mount.Target == Path.GetDirectoryName(configFile));
        Assert.Equal(Repository.PathOf(Observability.PrometheusFolder), Repository.PathOf(mount.Source));
        Assert.True(File.Exists(Repository.PathOf($"{Observability.PrometheusFolder}/{Path.GetFileName(configFile)}")));
        Assert.Contains(new PortMapping(9090, 9090), prometheus.Ports);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_description()
    {
        var alerts = Observability.AlertRules;

        Assert.NotEmpty(alerts);
        Assert.Equal(alerts.Count, alerts.Select(alert => alert.Name).Distinct().Count());
        Assert.All(alerts, alert =>
        {
            Assert.Contains(alert.Labels.GetValueOrDefault("severity"), new[] { "critical", "warning" });
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("summary")), $"{alert} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault("description")), $"{alert} has no description.");
        });
    }

    [Fact]
    public void Every_alert_is_unit_tested_firing_and_not_firing()
    {
        var tests = Observability.AlertRuleTests;

        Assert.All(Observability.AlertRules, alert =>
        {
            Assert.True(tests.Any(test => test.Alert == alert.Name && test.ExpectedAlerts > 0), $"No test of {Observability.AlertTests} expects {alert} to fire.");
            Assert.True(tests.Any(test => test.Alert == alert.Name && test.ExpectedAlerts == 0), $"No test of {Observability.AlertTests} expects {alert} to stay quiet.");
        });
    }

    [Fact]
    public void Every_metric_an_alert_selects_is_in_the_catalogue()
    {
        Assert.All(Observability.AlertRules, alert =>
        {
            var names = PromQl.MetricNames(alert.Expression);
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(Observability.Catalogue.Contains(name), $"{alert} selects {name}, which {Observability.MetricCatalogueFile} does not list."));
        });
    }

    [Theory]
    [InlineData(Observability.Prometheus)]
    [InlineData(Observability.Grafana)]
    public void The_observability_images_are_pinned_to_a_version(string name)
    {
        var image = Deployed.Service(name).Image;

        Assert.NotNull(image);
        Assert.Matches(@":v?\d+\.\d+\.\d+$", image);
    }
}
