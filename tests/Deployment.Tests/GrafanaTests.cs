using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Deployment.Tests;

/// <summary>infra/grafana: the dashboards are what the generator writes, each well formed, on the provisioned datasource,
/// querying valid PromQL over catalogued metrics; the provisioning matches the compose grafana and prometheus.</summary>
public sealed class GrafanaTests
{
    private const string DashboardsMountPath = "/var/lib/grafana/dashboards";

    /// <summary>Grafana's interval variables, replaced by a duration so promtool can parse the queries.</summary>
    private static readonly (string Variable, string Duration)[] IntervalVariables =
        [("$__rate_interval", "5m"), ("$__interval", "1m"), ("$__range", "1h")];

    public static TheoryData<string> Dashboards => new(Observability.DashboardFiles);

    [Fact]
    public async Task The_dashboards_are_what_the_generator_writes()
    {
        await Tool.SucceedsAsync("python3", Observability.DashboardGenerator, "--check");
    }

    [Fact]
    public void There_is_an_overview_a_dashboard_per_web_project_and_one_for_messaging()
    {
        var names = Observability.DashboardFiles.Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.Contains("overview", names);
        Assert.Contains("messaging", names);
        Assert.All(Repository.WebProjects, project => Assert.Contains(project.ServiceName, names));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void A_dashboard_has_a_uid_a_title_tags_and_schema_version_39(string file)
    {
        using var dashboard = Observability.LoadDashboard(file);
        var root = dashboard.RootElement;

        Assert.Matches("^[a-z0-9-]{1,40}$", root.GetProperty("uid").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("title").GetString()));
        Assert.Equal(39, root.GetProperty("schemaVersion").GetInt32());
        Assert.Contains("intelligence", root.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
    }

    [Fact]
    public void Dashboard_uids_and_titles_are_unique()
    {
        var dashboards = Observability.DashboardFiles.Select(Observability.LoadDashboard).ToList();
        try
        {
            var uids = dashboards.Select(dashboard => dashboard.RootElement.GetProperty("uid").GetString()).ToList();
            var titles = dashboards.Select(dashboard => dashboard.RootElement.GetProperty("title").GetString()).ToList();

            Assert.Equal(uids.Count, uids.Distinct().Count());
            Assert.Equal(titles.Count, titles.Distinct().Count());
        }
        finally
        {
            dashboards.ForEach(dashboard => dashboard.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_query_of_a_dashboard_uses_the_provisioned_prometheus_datasource(string file)
    {
        using var dashboard = Observability.LoadDashboard(file);
        var queryPanels = Observability.Panels(dashboard).Where(panel => panel.TryGetProperty("targets", out _)).ToList();

        Assert.NotEmpty(queryPanels);
        Assert.All(queryPanels, panel =>
        {
            AssertProvisionedDatasource(panel, $"panel '{Observability.Title(panel)}'");
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target =>
            {
                if (target.TryGetProperty("datasource", out _))
                {
                    AssertProvisionedDatasource(target, $"a query of panel '{Observability.Title(panel)}'");
                }
            });
        });
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_panel_has_a_unique_id_and_every_query_panel_a_title_a_description_and_a_unit(string file)
    {
        using var dashboard = Observability.LoadDashboard(file);
        var panels = Observability.Panels(dashboard).ToList();
        var ids = panels.Select(panel => panel.GetProperty("id").GetInt32()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(panels.Where(panel => panel.TryGetProperty("targets", out _)), panel =>
        {
            var title = Observability.Title(panel);
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.False(string.IsNullOrWhiteSpace(panel.GetProperty("description").GetString()), $"'{title}' has no description.");
            var unit = panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString();
            Assert.False(string.IsNullOrWhiteSpace(unit), $"'{title}' has no unit.");
            Assert.All(panel.GetProperty("targets").EnumerateArray(), target =>
                Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"'{title}' has an empty query."));
        });
    }

    [Fact]
    public async Task Every_dashboard_query_is_valid_PromQL()
    {
        // promtool has no command for a bare expression: the queries become recording rules of a scratch file.
        var queries = Observability.DashboardFiles
            .SelectMany(file =>
            {
                using var dashboard = Observability.LoadDashboard(file);
                return PromQl.DashboardExpressions(dashboard).Select(expression => (File: file, Expression: expression)).ToList();
            })
            .ToList();
        Assert.NotEmpty(queries);

        var rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        foreach (var (query, index) in queries.Select((query, index) => (query, index)))
        {
            var expression = IntervalVariables.Aggregate(query.Expression, (text, variable) => text.Replace(variable.Variable, variable.Duration, StringComparison.Ordinal));
            rules.Append("      # ").Append(query.File).Append('\n')
                .Append("      - record: dashboard_query_").Append(index).Append('\n')
                .Append("        expr: ").Append(JsonSerializer.Serialize(expression)).Append('\n');
        }

        var scratch = Path.Combine(Path.GetTempPath(), $"dashboard-queries-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(scratch, rules.ToString());
        try
        {
            var output = await Tool.SucceedsAsync("promtool", "check", "rules", scratch);
            Assert.Contains($"SUCCESS: {queries.Count} rules found", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Every_metric_a_dashboard_queries_is_in_the_catalogue(string file)
    {
        using var dashboard = Observability.LoadDashboard(file);
        var expressions = PromQl.DashboardExpressions(dashboard);

        Assert.NotEmpty(expressions);
        Assert.All(expressions, expression =>
        {
            var names = PromQl.MetricNames(expression);
            Assert.NotEmpty(names);
            Assert.All(names, name => Assert.True(Observability.Catalogue.Contains(name), $"{file} queries {name} ({expression}), which {Observability.MetricCatalogueFile} does not list."));
        });
    }

    [Fact]
    public void The_provisioned_datasource_is_the_compose_prometheus_with_the_uid_the_dashboards_use()
    {
        var datasources = Directory.EnumerateFiles(Repository.PathOf($"{Observability.GrafanaProvisioning}/datasources"), "*.yml")
            .Select(Repository.RelativePathOf)
            .SelectMany(file => Observability.Sequence(ComposeFile.Get(Observability.LoadYaml(file), "datasources")))
            .Select(Observability.Mapping)
            .ToList();

        var prometheus = Assert.Single(datasources, datasource => datasource.GetValueOrDefault("type") == "prometheus");
        Assert.Equal(Observability.DatasourceUid, prometheus.GetValueOrDefault("uid"));
        var (host, port) = Observability.HostAndPort(prometheus.GetValueOrDefault("url") ?? string.Empty);
        Assert.Equal(Observability.Prometheus, host);
        Assert.Contains(port, Deployed.Service(Observability.Prometheus).Ports.Select(mapping => mapping.Target));
    }

    [Fact]
    public void The_compose_grafana_mounts_the_provisioning_and_the_dashboards_where_the_provider_reads_them()
    {
        var grafana = Deployed.Service(Observability.Grafana);
        var provisioning = Assert.Single(grafana.Volumes, mount => mount.Target == Observability.GrafanaProvisioningPath);
        Assert.Equal(Repository.PathOf(Observability.GrafanaProvisioning), Repository.PathOf(provisioning.Source));

        var dashboards = Assert.Single(grafana.Volumes, mount => Repository.PathOf(mount.Source) == Repository.PathOf(Observability.DashboardsFolder));
        Assert.Equal(DashboardsMountPath, dashboards.Target);

        var providers = Directory.EnumerateFiles(Repository.PathOf($"{Observability.GrafanaProvisioning}/dashboards"), "*.yml")
            .Select(Repository.RelativePathOf)
            .SelectMany(file => Observability.Sequence(ComposeFile.Get(Observability.LoadYaml(file), "providers")))
            .ToList();
        var provider = Assert.Single(providers);
        Assert.Equal("file", ComposeFile.Scalar(ComposeFile.Get(provider, "type")));
        Assert.Equal(dashboards.Target, ComposeFile.Scalar(ComposeFile.Get(ComposeFile.Get(provider, "options"), "path")));

        var home = Deployed.EnvironmentValue(grafana, "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        Assert.Equal(dashboards.Target, Path.GetDirectoryName(home));
        Assert.True(File.Exists(Repository.PathOf($"{Observability.DashboardsFolder}/{Path.GetFileName(home)}")), $"The home dashboard {home} is not in {Observability.DashboardsFolder}.");
    }

    [Fact]
    public void The_compose_grafana_lets_anonymous_viewers_in_and_takes_its_admin_password_from_the_environment()
    {
        var grafana = Deployed.Service(Observability.Grafana);

        Assert.Equal("true", Deployed.EnvironmentValue(grafana, "GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.Equal("Viewer", Deployed.EnvironmentValue(grafana, "GF_AUTH_ANONYMOUS_ORG_ROLE"));
        Assert.StartsWith("${GRAFANA_ADMIN_PASSWORD", Deployed.EnvironmentValue(grafana, "GF_SECURITY_ADMIN_PASSWORD"), StringComparison.Ordinal);
        Assert.Contains(new PortMapping(3000, 3000), grafana.Ports);
    }

    private static void AssertProvisionedDatasource(JsonElement element, string what)
    {
        Assert.True(element.TryGetProperty("datasource", out var datasource) && datasource.ValueKind == JsonValueKind.Object, $"{what} names no datasource.");
        Assert.Equal("prometheus", datasource.GetProperty("type").GetString());
        Assert.Equal(Observability.DatasourceUid, datasource.GetProperty("uid").GetString());
    }
}
