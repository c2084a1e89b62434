using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Intelligence.Deployment.Tests;

/// <summary>docker-compose.yml runs every web project the way its appsettings.json describes it.</summary>
public sealed partial class ComposeTests
{
    private static readonly string[] AllInterfaces = ["0.0.0.0", "+", "*", "[::]"];

    [Fact]
    public void Every_web_project_of_the_solution_is_one_the_tests_check()
    {
        var solutionWebProjects = File.ReadLines(Repository.PathOf("Intelligence.sln"))
            .Select(line => SolutionProject().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["path"].Value.Replace('\\', '/'))
            .Where(path => XDocument.Load(Repository.PathOf(path)).Root?.Attribute("Sdk")?.Value == "Microsoft.NET.Sdk.Web")
            .ToList();

        Assert.NotEmpty(solutionWebProjects);
        Assert.All(solutionWebProjects, path => Assert.Contains(path, Repository.WebProjects.Select(project => project.RelativePath)));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void Every_web_project_has_a_compose_service_named_after_its_folder_in_lower_case(string project)
    {
        var webProject = Repository.WebProjectAt(project);

        Assert.Contains(webProject.ServiceName, Repository.Compose.Services.Select(service => service.Name));
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_compose_service_builds_from_the_repository_root_with_a_dockerfile_that_exists(string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var service = Deployed.ServiceOf(webProject);
        var dockerfile = Deployed.DockerfilePathOf(webProject);

        Assert.Equal(Repository.Root, Repository.PathOf(service.BuildContext ?? "(no build)").TrimEnd('/'));
        Assert.True(File.Exists(Repository.PathOf(dockerfile)), $"{dockerfile} does not exist.");
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_compose_service_publishes_the_port_of_Urls_in_appsettings(string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var service = Deployed.ServiceOf(webProject);

        Assert.Contains(new PortMapping(webProject.UrlsPort, webProject.UrlsPort), service.Ports);
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_compose_service_listens_on_all_interfaces_at_that_port_with_ASPNETCORE_URLS_and_Urls(string project)
    {
        // appsettings.json (Urls on 127.0.0.1) outranks ASPNETCORE_URLS; the plain Urls variable outranks appsettings.json.
        var webProject = Repository.WebProjectAt(project);
        var service = Deployed.ServiceOf(webProject);

        Assert.All(["ASPNETCORE_URLS", "Urls"], variable =>
        {
            var url = Deployed.EnvironmentValue(service, variable);
            Assert.Equal(webProject.UrlsPort, WebProject.PortOf(url));
            Assert.Contains(WebProject.HostOf(url), AllInterfaces);
        });
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void The_compose_service_has_a_healthcheck_on_a_health_endpoint_at_its_own_port(string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var healthcheck = Deployed.ServiceOf(webProject).HealthcheckTest;

        Assert.NotNull(healthcheck);
        Assert.Contains("/health/", healthcheck, StringComparison.Ordinal);
        Assert.Matches($@"[:/]{webProject.UrlsPort}\b", healthcheck);
    }

    [Theory]
    [MemberData(nameof(Deployed.EventSourcedProjects), MemberType = typeof(Deployed))]
    public void An_event_sourced_service_uses_the_compose_postgres_and_the_database_of_its_appsettings(string project)
    {
        var webProject = Repository.WebProjectAt(project);
        var connectionString = Deployed.EnvironmentValue(Deployed.ServiceOf(webProject), "ConnectionStrings__Marten");

        Assert.Equal(Deployed.Postgres, WebProject.ConnectionStringValue(connectionString, "Host"));
        Assert.Equal(webProject.MartenDatabase, WebProject.ConnectionStringValue(connectionString, "Database"));
        Deployed.Service(Deployed.Postgres);
    }

    [Theory]
    [MemberData(nameof(Deployed.EventSourcedProjects), MemberType = typeof(Deployed))]
    public void An_event_sourced_service_uses_the_compose_rabbitmq(string project)
    {
        var service = Deployed.ServiceOf(Repository.WebProjectAt(project));

        Assert.Equal(Deployed.RabbitMq, Deployed.EnvironmentValue(service, "RabbitMq__Host"));
        Deployed.Service(Deployed.RabbitMq);
    }

    [Theory]
    [MemberData(nameof(Deployed.WebProjects), MemberType = typeof(Deployed))]
    public void Every_app_reaches_rabbitmq_as_its_own_user_on_the_systems_virtual_host_once_the_users_are_made(string project)
    {
        var service = Deployed.ServiceOf(Repository.WebProjectAt(project));
        var users = Deployed.Service("rabbitmq-users");

        Assert.Equal(service.Name, Deployed.EnvironmentValue(service, "RabbitMq__Username"));
        Assert.Equal(Deployed.EnvironmentValue(users, "RABBIT_VHOST"), Deployed.EnvironmentValue(service, "RabbitMq__VirtualHost"));
        Assert.Equal("service_completed_successfully", service.DependsOn.GetValueOrDefault("rabbitmq-users"));

        // The script makes this user (a line `service <name>` or `user <name>`), with the password the app is given.
        var password = $"RABBIT_{service.Name.ToUpperInvariant()}_PASSWORD";
        Assert.Equal(Deployed.EnvironmentValue(users, password), Deployed.EnvironmentValue(service, "RabbitMq__Password"));
        Assert.Matches(
            new System.Text.RegularExpressions.Regex($@"(?m)^(service|user) {service.Name}\b"), File.ReadAllText(Repository.PathOf("infra/rabbitmq/users.sh")));
        Assert.Contains(users.Volumes, mount => mount.Source.TrimStart('.', '/') == "infra/rabbitmq" && users.Command.Concat(users.Entrypoint).Any(part => part.StartsWith(mount.Target, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Deployed.EventSourcedProjects), MemberType = typeof(Deployed))]
    public void An_event_sourced_service_starts_once_postgres_and_rabbitmq_are_healthy(string project)
    {
        var dependsOn = Deployed.ServiceOf(Repository.WebProjectAt(project)).DependsOn;

        Assert.Equal(Deployed.Healthy, dependsOn.GetValueOrDefault(Deployed.Postgres));
        Assert.Equal(Deployed.Healthy, dependsOn.GetValueOrDefault(Deployed.RabbitMq));
    }

    [Theory]
    [MemberData(nameof(Deployed.EventSourcedProjects), MemberType = typeof(Deployed))]
    public void The_postgres_init_scripts_create_the_database_of_an_event_sourced_service(string project)
    {
        var initScripts = Deployed.Service(Deployed.Postgres).Volumes
            .Where(mount => mount.Target.StartsWith("/docker-entrypoint-initdb.d", StringComparison.Ordinal))
            .Select(mount => Repository.PathOf(mount.Source))
            .SelectMany(source => Directory.Exists(source) ? Directory.EnumerateFiles(source, "*.sql") : [source])
            .ToList();
        Assert.NotEmpty(initScripts);

        var createdDatabases = initScripts
            .Where(File.Exists)
            .Select(script => SqlComment().Replace(File.ReadAllText(script), " "))
            .SelectMany(sql => CreateDatabase().Matches(sql))
            .Select(match => match.Groups["name"].Value);

        Assert.Contains(Repository.WebProjectAt(project).MartenDatabase, createdDatabases);
    }

    [Theory]
    [MemberData(nameof(Deployed.ProxyDestinations), MemberType = typeof(Deployed))]
    public void Every_gateway_destination_is_overridden_with_the_compose_service_and_port_behind_it(
        string project, string cluster, string destination)
    {
        var proxyDestination = Deployed.DestinationOf(project, cluster, destination);
        var target = Deployed.ProjectBehind(proxyDestination);
        var gateway = Deployed.ServiceOf(Repository.WebProjectAt(project));

        var address = Deployed.EnvironmentValue(gateway, proxyDestination.EnvironmentVariable);

        Assert.Equal(target.ServiceName, WebProject.HostOf(address));
        Assert.Equal(target.UrlsPort, WebProject.PortOf(address));
        Assert.Contains(target.UrlsPort, Deployed.ServiceOf(target).Ports.Select(port => port.Target));
    }

    [Theory]
    [MemberData(nameof(Deployed.ProxyDestinations), MemberType = typeof(Deployed))]
    public void The_gateway_starts_once_the_service_behind_a_destination_is_healthy(string project, string cluster, string destination)
    {
        var target = Deployed.ProjectBehind(Deployed.DestinationOf(project, cluster, destination));
        var gateway = Deployed.ServiceOf(Repository.WebProjectAt(project));

        Assert.Equal(Deployed.Healthy, gateway.DependsOn.GetValueOrDefault(target.ServiceName));
    }

    [Fact]
    public void Every_service_waited_for_until_healthy_has_a_healthcheck()
    {
        var awaited = Repository.Compose.Services
            .SelectMany(service => service.DependsOn)
            .Where(dependency => dependency.Value == Deployed.Healthy)
            .Select(dependency => dependency.Key)
            .Distinct()
            .ToList();

        Assert.NotEmpty(awaited);
        Assert.All(awaited, name => Assert.NotNull(Deployed.Service(name).HealthcheckTest));
    }

    [GeneratedRegex(@"^Project\(""[^""]*""\)\s*=\s*""[^""]*"",\s*""(?<path>[^""]+\.csproj)""")]
    private static partial Regex SolutionProject();

    [GeneratedRegex(@"\bCREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?""?(?<name>\w+)""?", RegexOptions.IgnoreCase)]
    private static partial Regex CreateDatabase();

    [GeneratedRegex(@"--[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex SqlComment();
}
