using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Intelligence.Deployment.Tests;

/// <summary>infra/k8s: both overlays render with kustomize and every object passes the schema check (no cluster), and
/// the rendered manifests run every web project the way its appsettings.json and Dockerfile describe it.</summary>
public sealed partial class KubernetesTests
{
    private const string DockerUser = "1654";

    /// <summary>Settings the apps read in code with a default, so absent from appsettings.json: the key (as a
    /// configuration path pattern), the source file that reads it and what that file must contain. Pending: read by
    /// a change being made in parallel; until it lands the source is not checked for it.</summary>
    private static readonly (Regex Key, string Source, string Contains, bool Pending)[] SettingsReadInCode =
    [
        (AuthApiKey(), "services/Platform.Web/Security/ApiKeys.cs", "\"Auth:ApiKeys\"", false),
        (new Regex("^Auth:DevelopmentKeys$"), "services/Platform.Web/Security/ApiKeys.cs", "\"Auth:DevelopmentKeys\"", false),
        (new Regex("^RabbitMq:QuorumQueues$"), "services/Platform.Web/Messaging/RabbitMqSettings.cs", "QuorumQueues", false),
        (new Regex("^RabbitMq:(UseTls|TlsCaFile|TlsServerName)$"), "services/Platform.Web/Messaging/RabbitMqSettings.cs", "TlsCaFile", false),
        (new Regex("^ForwardedHeaders:Known(Proxies|Networks):[0-9]+$"), "services/Platform.Web/Hosting/WebDefaults.cs", "\"ForwardedHeaders:KnownNetworks\"", false),
        (new Regex("^Security:AllowDefaultPasswords$"), "services/Platform.Web/Security/DefaultPasswords.cs", "\"Security:AllowDefaultPasswords\"", false),
        (new Regex("^Import:ListedNotesPerKind$"), "services/Platform/Import/ImportReport.cs", "ListedNotesPerKind", false),
        (new Regex("^Metrics:Port$"), "services/Platform.Web/Hosting/WebDefaults.cs", "\"Metrics:Port\"", false),
        (new Regex("^OTEL_EXPORTER_OTLP_ENDPOINT$"), "services/Platform.Web/Tracing/Telemetry.cs", "\"OTEL_EXPORTER_OTLP_ENDPOINT\"", false),
    ];

    /// <summary>Variables of the host rather than of appsettings.json.</summary>
    private static readonly string[] HostVariables = ["ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS"];

    /// <summary>The development credentials of docker-compose.yml and the README, the only real values a Secret may hold.</summary>
    private static readonly string[] DevelopmentValues = ["postgres", "guest", "true"];

    /// <summary>Keys of the operators' Secret shapes that locate a server or name a user rather than grant access.</summary>
    private static readonly string[] Coordinates = ["host", "port", "dbname", "username"];

    public static TheoryData<string> Overlays => new(Kubernetes.Overlays);

    public static TheoryData<string, string> OverlaysAndWebProjects
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var overlay in Kubernetes.Overlays)
            {
                foreach (var project in Repository.WebProjects)
                {
                    data.Add(overlay, project.RelativePath);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string> OverlaysAndEventSourcedProjects
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var overlay in Kubernetes.Overlays)
            {
                foreach (var project in Repository.WebProjects.Where(project => project.IsEventSourced))
                {
                    data.Add(overlay, project.RelativePath);
                }
            }

            return data;
        }
    }

    [Fact]
    public async Task Both_overlays_render_and_every_object_passes_the_schema_and_CRD_check()
    {
        await Kubernetes.InstallAsync();

        var output = await Tool.SucceedsAsync(
            "node", $"{Kubernetes.ValidateFolder}/validate.mjs", Kubernetes.OverlayPath(Kubernetes.Dev), Kubernetes.OverlayPath(Kubernetes.Production));

        Assert.Equal(2, ObjectsValid().Count(output));
    }

    [Fact]
    public async Task The_schema_check_refuses_a_misspelt_field_and_a_wrong_type()
    {
        await Kubernetes.InstallAsync();
        var folder = Directory.CreateTempSubdirectory("k8s-broken-");
        try
        {
            var deployment = (await File.ReadAllTextAsync(Repository.PathOf("infra/k8s/base/releases.yaml")))
                .Replace("livenessProbe:", "livenesProbe:", StringComparison.Ordinal)
                .Replace("replicas: 1", "replicas: one", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "releases.yaml"), deployment);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "kustomization.yaml"), "resources:\n  - releases.yaml\n");

            var run = await Intelligence.TestSupport.ProcessRun.RunAsync(
                "node", [Repository.PathOf($"{Kubernetes.ValidateFolder}/validate.mjs"), folder.FullName]);

            Assert.NotEqual(0, run.ExitCode);
            Assert.Contains("livenesProbe is not a field of V1Container", run.Output, StringComparison.Ordinal);
            Assert.Contains("replicas must be integer", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_namespaced_object_is_in_the_intelligence_namespace(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        Assert.Single(rendered.OfKind("Namespace"), ns => ns.Name == Kubernetes.Namespace);
        Assert.All(rendered.Objects.Where(item => item.Kind != "Namespace"), item => Assert.Equal(Kubernetes.Namespace, item.Namespace));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task The_deployment_probes_live_ready_and_startup_on_the_port_of_Urls(string overlay, string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var container = rendered.Container(webProject.ServiceName);

        Assert.Equal(webProject.UrlsPort, PortNumber(container, container["livenessProbe"]?["httpGet"]?["port"]));
        Assert.Equal("/health/live", container["livenessProbe"]?["httpGet"]?["path"]?.GetValue<string>());
        Assert.Equal(webProject.UrlsPort, PortNumber(container, container["readinessProbe"]?["httpGet"]?["port"]));
        Assert.Equal("/health/ready", container["readinessProbe"]?["httpGet"]?["path"]?.GetValue<string>());
        Assert.Equal(webProject.UrlsPort, PortNumber(container, container["startupProbe"]?["httpGet"]?["port"]));
        Assert.StartsWith("/health/", container["startupProbe"]?["httpGet"]?["path"]?.GetValue<string>(), StringComparison.Ordinal);

        var urls = (rendered.EnvValue(webProject.ServiceName, "Urls") ?? string.Empty).Split(';')[0];
        Assert.Equal(webProject.UrlsPort, WebProject.PortOf(urls));
        Assert.Equal("0.0.0.0", WebProject.HostOf(urls));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task The_deployment_requests_and_limits_cpu_and_memory_and_runs_as_the_images_non_root_user(string overlay, string project)
    {
        var app = Repository.WebProjectAt(project).ServiceName;
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var container = rendered.Container(app);
        var pod = rendered.Get("Deployment", app).Spec?["template"]?["spec"];

        Assert.All(["requests", "limits"], part => Assert.All(["cpu", "memory"], resource =>
            Assert.False(string.IsNullOrEmpty(container["resources"]?[part]?[resource]?.ToString()), $"{app} has no {part}.{resource}.")));
        Assert.True(pod?["securityContext"]?["runAsNonRoot"]?.GetValue<bool>());
        Assert.Equal(DockerUser, pod?["securityContext"]?["runAsUser"]?.ToString());
        Assert.True(container["securityContext"]?["readOnlyRootFilesystem"]?.GetValue<bool>());
        Assert.False(container["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>());
        Assert.Contains("/tmp", (container["volumeMounts"]?.AsArray() ?? []).Select(mount => mount?["mountPath"]?.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task Prometheus_scrapes_the_pods_metrics_on_a_port_of_their_own_that_the_service_and_the_ingress_do_not_expose(string overlay, string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var annotations = rendered.Get("Deployment", webProject.ServiceName).Spec?["template"]?["metadata"]?["annotations"];
        var metricsPort = int.Parse(
            rendered.EnvFromValue(webProject.ServiceName, "Metrics__Port") ?? throw new Xunit.Sdk.XunitException($"{webProject.ServiceName} has no Metrics__Port."),
            System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal("true", annotations?["prometheus.io/scrape"]?.GetValue<string>());
        Assert.Equal(metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations?["prometheus.io/port"]?.GetValue<string>());
        Assert.Equal("/metrics", annotations?["prometheus.io/path"]?.GetValue<string>());
        Assert.NotEqual(webProject.UrlsPort, metricsPort);

        // The app listens on it, and the Service (which the ingress routes to) does not expose it.
        var urls = rendered.EnvValue(webProject.ServiceName, "Urls") ?? string.Empty;
        Assert.Contains(metricsPort, urls.Split(';').Select(WebProject.PortOf));
        var container = rendered.Container(webProject.ServiceName);
        var servicePorts = rendered.Get("Service", webProject.ServiceName).Spec?["ports"]?.AsArray() ?? [];
        Assert.DoesNotContain(metricsPort, servicePorts.Select(port => PortNumber(container, port?["targetPort"] ?? port?["port"])));
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task The_app_has_a_service_on_its_port_a_disruption_budget_and_an_autoscaler_on_cpu(string overlay, string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var app = webProject.ServiceName;
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var podLabels = rendered.Get("Deployment", app).Spec?["template"]?["metadata"]?["labels"]?.AsObject() ?? [];

        var service = rendered.Get("Service", app);
        Assert.Contains(webProject.UrlsPort, (service.Spec?["ports"]?.AsArray() ?? []).Select(port => port?["port"]?.GetValue<long>()));
        Assert.True(Selects(service.Spec?["selector"], podLabels), $"Service {app} does not select the pods of Deployment {app}.");

        var budget = rendered.Get("PodDisruptionBudget", app);
        Assert.True(Selects(budget.Spec?["selector"]?["matchLabels"], podLabels), $"PodDisruptionBudget {app} does not select its pods.");

        var autoscaler = rendered.Get("HorizontalPodAutoscaler", app);
        Assert.Equal("autoscaling/v2", autoscaler.ApiVersion);
        Assert.Equal("Deployment", autoscaler.Spec?["scaleTargetRef"]?["kind"]?.GetValue<string>());
        Assert.Equal(app, autoscaler.Spec?["scaleTargetRef"]?["name"]?.GetValue<string>());
        Assert.Contains("cpu", (autoscaler.Spec?["metrics"]?.AsArray() ?? []).Select(metric => metric?["resource"]?["name"]?.GetValue<string>()));
        Assert.True(autoscaler.Spec?["maxReplicas"]?.GetValue<long>() >= autoscaler.Spec?["minReplicas"]?.GetValue<long>());
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task The_image_is_the_one_compose_builds_for_the_app(string overlay, string project)
    {
        // Compose names a built image <project name>-<service>; the production overlay pushes it to a registry.
        var app = Repository.WebProjectAt(project).ServiceName;
        Deployed.ServiceOf(Repository.WebProjectAt(project));
        var image = (await RenderedOverlay.LoadAsync(overlay)).Container(app)["image"]?.GetValue<string>() ?? string.Empty;

        if (overlay == Kubernetes.Dev)
        {
            Assert.Equal($"intelligence-{app}:latest", image);
        }
        else
        {
            Assert.EndsWith($"/intelligence/{app}:CHANGE-ME", image, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(OverlaysAndWebProjects))]
    public async Task Every_variable_the_app_gets_is_a_setting_the_app_reads(string overlay, string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var app = webProject.ServiceName;
        var helpers = (rendered.Container(app)["env"]?.AsArray() ?? [])
            .SelectMany(variable => VariableReference().Matches(variable?["value"]?.GetValue<string>() ?? string.Empty))
            .Select(match => match.Groups["name"].Value)
            .ToHashSet(StringComparer.Ordinal);

        var variables = rendered.EnvironmentOf(app);
        Assert.NotEmpty(variables);
        Assert.All(variables.Where(variable => !helpers.Contains(variable.Name) && !HostVariables.Contains(variable.Name)), variable =>
        {
            var key = variable.Name.Replace("__", ":", StringComparison.Ordinal);
            Assert.True(
                webProject.HasSetting(key) || IsReadInCode(key),
                $"{variable.Name} ({variable.Source}) is neither in {webProject.AppSettingsPath} nor a setting the code reads.");
        });
    }

    [Theory]
    [MemberData(nameof(OverlaysAndEventSourcedProjects))]
    public async Task An_event_sourced_service_gets_its_database_and_the_broker_and_runs_the_daemon_hot_cold(string overlay, string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var app = webProject.ServiceName;
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var connectionString = rendered.EnvValue(app, "ConnectionStrings__Marten") ?? string.Empty;
        Assert.Contains("Database=$(PG_DBNAME)", connectionString, StringComparison.Ordinal);
        var secrets = (rendered.Container(app)["env"]?.AsArray() ?? [])
            .Select(variable => variable?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains($"{app}-db-app", secrets);

        // Its own broker user, never the broker's administrator.
        Assert.Contains($"rabbitmq-{app}-user", secrets);
        Assert.DoesNotContain("rabbitmq-default-user", secrets);
        Assert.Equal("intelligence", rendered.EnvFromValue(app, "RabbitMq__VirtualHost"));
        Assert.Equal("HotCold", rendered.EnvFromValue(app, "Marten__DaemonMode"));

        if (overlay == Kubernetes.Dev)
        {
            Assert.Equal(webProject.MartenDatabase, rendered.Get("Secret", $"{app}-db-app").Data["dbname"]);
            Assert.Contains($"CREATE DATABASE {webProject.MartenDatabase};", rendered.Get("ConfigMap", "postgres-init").Data.Values.Single(), StringComparison.Ordinal);
        }
        else
        {
            // CloudNativePG makes the Secret <cluster>-app for the Cluster <service>-db, with its database.
            var cluster = rendered.Get("Cluster", $"{app}-db");
            Assert.Equal("postgresql.cnpg.io/v1", cluster.ApiVersion);
            Assert.Equal(webProject.MartenDatabase, cluster.Spec?["bootstrap"]?["initdb"]?["database"]?.GetValue<string>());
            Assert.True(cluster.Spec?["instances"]?.GetValue<long>() >= 2);
            Assert.Null(rendered.Find("Secret", $"{app}-db-app"));
        }
    }

    /// <summary>
    /// In production every app speaks AMQP over TLS to the cluster's TLS listener and checks the broker's certificate
    /// against the CA of the Secret the listener's certificate comes from, mounted where the app's setting names it.
    /// </summary>
    [Fact]
    public async Task Production_apps_reach_the_broker_over_tls_trusting_the_ca_of_its_certificate()
    {
        var rendered = await RenderedOverlay.LoadAsync(Kubernetes.Production);
        var tlsSecret = rendered.Get("RabbitmqCluster", "rabbitmq").Spec?["tls"]?["secretName"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(tlsSecret), "the RabbitmqCluster turns on no TLS listener");

        foreach (var app in Repository.WebProjects.Select(project => project.ServiceName))
        {
            Assert.Equal("true", rendered.EnvFromValue(app, "RabbitMq__UseTls"));
            Assert.Equal("5671", rendered.EnvFromValue(app, "RabbitMq__Port"));
            var caFile = rendered.EnvFromValue(app, "RabbitMq__TlsCaFile") ?? throw new Xunit.Sdk.XunitException($"{app} names no CA file.");
            var pod = rendered.Get("Deployment", app).Spec?["template"]?["spec"];
            var mount = (rendered.Container(app)["volumeMounts"]?.AsArray() ?? [])
                .Single(candidate => caFile.StartsWith(candidate!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal))!;
            var volume = (pod?["volumes"]?.AsArray() ?? []).Single(candidate => candidate!["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>())!;
            Assert.Equal(tlsSecret, volume["secret"]?["secretName"]?.GetValue<string>());
            Assert.Contains(
                volume["secret"]?["items"]?.AsArray() ?? [],
                item => item!["key"]!.GetValue<string>() == "ca.crt" && caFile.EndsWith("/" + item["path"]!.GetValue<string>(), StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Deployed.ProxyDestinations), MemberType = typeof(Deployed))]
    public async Task Every_gateway_destination_is_the_in_cluster_service_of_the_app_behind_it(string project, string cluster, string destination)
    {
        var proxyDestination = Deployed.DestinationOf(project, cluster, destination);
        var target = Deployed.ProjectBehind(proxyDestination);
        var gateway = Repository.WebProjectAt(project).ServiceName;

        foreach (var overlay in Kubernetes.Overlays)
        {
            var rendered = await RenderedOverlay.LoadAsync(overlay);
            var address = rendered.EnvValue(gateway, proxyDestination.EnvironmentVariable)
                ?? throw new Xunit.Sdk.XunitException($"The {overlay} gateway does not set {proxyDestination.EnvironmentVariable}.");

            Assert.Equal(target.ServiceName, WebProject.HostOf(address));
            Assert.Equal(target.UrlsPort, WebProject.PortOf(address));
            Assert.Contains(target.UrlsPort, (rendered.Get("Service", target.ServiceName).Spec?["ports"]?.AsArray() ?? [])
                .Select(port => (int?)port?["port"]?.GetValue<long>()));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_gateway_is_reached_through_an_ingress(string overlay)
    {
        var gateway = Repository.WebProjects.Single(project => project.ProxyDestinations.Count > 0);
        var ingress = Assert.Single((await RenderedOverlay.LoadAsync(overlay)).OfKind("Ingress"));
        var backend = ingress.Spec?["rules"]?[0]?["http"]?["paths"]?[0]?["backend"]?["service"];

        Assert.Equal(gateway.ServiceName, backend?["name"]?.GetValue<string>());
        Assert.Equal("/", ingress.Spec?["rules"]?[0]?["http"]?["paths"]?[0]?["path"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(ingress.Spec?["rules"]?[0]?["host"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Production_runs_two_replicas_or_more_quorum_queues_and_a_three_node_rabbitmq_cluster()
    {
        var rendered = await RenderedOverlay.LoadAsync(Kubernetes.Production);

        Assert.All(rendered.OfKind("Deployment"), deployment => Assert.True(deployment.Spec?["replicas"]?.GetValue<long>() >= 2, $"{deployment} has fewer than 2 replicas."));
        Assert.All(rendered.OfKind("HorizontalPodAutoscaler"), autoscaler => Assert.True(autoscaler.Spec?["minReplicas"]?.GetValue<long>() >= 2, $"{autoscaler} may scale below 2."));
        Assert.All(Repository.WebProjects.Where(project => project.IsEventSourced), project =>
            Assert.Equal("true", rendered.EnvFromValue(project.ServiceName, "RabbitMq__QuorumQueues")));
        Assert.Equal("Production", rendered.EnvFromValue("gateway", "ASPNETCORE_ENVIRONMENT"));

        var rabbit = Assert.Single(rendered.OfKind("RabbitmqCluster"));
        Assert.Equal("rabbitmq.com/v1beta1", rabbit.ApiVersion);
        Assert.Equal(3, rabbit.Spec?["replicas"]?.GetValue<long>());
        // The operator makes the Service and the Secret rabbitmq-default-user named after the cluster.
        Assert.Equal("rabbitmq", rabbit.Name);
        Assert.Null(rendered.Find("Secret", "rabbitmq-default-user"));
    }

    [Fact]
    public async Task Dev_runs_one_replica_of_each_app_as_Development_with_postgres_and_rabbitmq_in_the_cluster()
    {
        var rendered = await RenderedOverlay.LoadAsync(Kubernetes.Dev);

        Assert.All(rendered.OfKind("Deployment"), deployment => Assert.Equal(1, deployment.Spec?["replicas"]?.GetValue<long>()));
        Assert.All(Repository.WebProjects, project =>
            Assert.Equal("Development", rendered.EnvFromValue(project.ServiceName, "ASPNETCORE_ENVIRONMENT")));
        Assert.All(["postgres", "rabbitmq"], server =>
        {
            var statefulSet = rendered.Get("StatefulSet", server);
            Assert.NotEmpty(statefulSet.Spec?["volumeClaimTemplates"]?.AsArray() ?? []);
            rendered.Get("Service", server);
        });
        Assert.Equal("postgres", rendered.Get("Secret", "releases-db-app").Data["host"]);
        Assert.Equal("rabbitmq", rendered.Get("Secret", "rabbitmq-default-user").Data["host"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task A_job_makes_the_broker_users_with_the_script_compose_runs_and_the_passwords_the_apps_read(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var job = rendered.Get("Job", "rabbitmq-users");
        var container = job.Spec?["template"]?["spec"]?["containers"]?[0] ?? throw new Xunit.Sdk.XunitException("The Job has no container.");
        var env = (container["env"]?.AsArray() ?? []).ToDictionary(variable => variable?["name"]?.GetValue<string>() ?? string.Empty, variable => variable);

        // The script is the repository's infra/rabbitmq/users.sh, mounted where the command runs it from.
        var volume = job.Spec?["template"]?["spec"]?["volumes"]?[0]?["configMap"]?["name"]?.GetValue<string>() ?? string.Empty;
        Assert.Equal(
            File.ReadAllText(Repository.PathOf("infra/rabbitmq/users.sh")),
            rendered.Get("ConfigMap", volume).Data["users.sh"]);
        Assert.Equal(["sh", "/scripts/users.sh"], (container["command"]?.AsArray() ?? []).Select(part => part?.GetValue<string>()));

        // Every app's password is the one its own Secret gives the app.
        foreach (var app in Repository.WebProjects.Select(project => project.ServiceName).Append("reader"))
        {
            Assert.Equal($"rabbitmq-{app}-user", env[$"RABBIT_{app.ToUpperInvariant()}_PASSWORD"]?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>());
            rendered.Get("Secret", $"rabbitmq-{app}-user");
        }

        Assert.Equal("rabbitmq-default-user", env["RABBIT_ADMIN_PASSWORD"]?["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task No_secret_holds_more_than_a_placeholder_or_a_documented_development_credential(string overlay)
    {
        var secrets = (await RenderedOverlay.LoadAsync(overlay)).OfKind("Secret").ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret => Assert.All(secret.Data, entry => Assert.True(
            entry.Value.Contains("CHANGE-ME", StringComparison.Ordinal)
            || Coordinates.Contains(entry.Key)
            || (entry.Key.EndsWith("__Roles__0", StringComparison.Ordinal) && entry.Value is "reader" or "editor" or "operator")
            || (overlay == Kubernetes.Dev && DevelopmentValues.Contains(entry.Value)),
            $"{secret} {entry.Key} holds a value that is neither a CHANGE-ME placeholder nor a development credential.")));
    }

    private static bool IsReadInCode(string key) =>
        SettingsReadInCode.Any(setting => setting.Key.IsMatch(key)
            && (setting.Pending || File.ReadAllText(Repository.PathOf(setting.Source)).Contains(setting.Contains, StringComparison.Ordinal)));

    /// <summary>A probe's port, by number or by the name of a container port.</summary>
    private static int? PortNumber(JsonNode container, JsonNode? port) =>
        port is JsonValue value && value.TryGetValue<long>(out var number)
            ? (int)number
            : (int?)(container["ports"]?.AsArray() ?? [])
                .FirstOrDefault(candidate => candidate?["name"]?.GetValue<string>() == port?.GetValue<string>())?["containerPort"]?.GetValue<long>();

    private static bool Selects(JsonNode? selector, JsonObject labels) =>
        selector is JsonObject pairs && pairs.Count > 0
        && pairs.All(pair => labels[pair.Key]?.GetValue<string>() == pair.Value?.GetValue<string>());

    [GeneratedRegex(@"^Auth:ApiKeys:[^:]+:(Sha256|Roles:\d+|RequestsPerSecond)$")]
    private static partial Regex AuthApiKey();

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@": \d+ objects valid \(")]
    private static partial Regex ObjectsValid();
}
