using Xunit.Sdk;

namespace Intelligence.Deployment.Tests;

/// <summary>The test data (taken from the repository, so new projects are covered) and lookups that fail with a message.</summary>
public static class Deployed
{
    public const string Postgres = "postgres";
    public const string RabbitMq = "rabbitmq";
    public const string Healthy = "service_healthy";

    /// <summary>Every web project, by its csproj path relative to the repository root.</summary>
    public static TheoryData<string> WebProjects => new(Repository.WebProjects.Select(project => project.RelativePath));

    /// <summary>Every web project whose appsettings.json has <c>ConnectionStrings:Marten</c>.</summary>
    public static TheoryData<string> EventSourcedProjects =>
        new(Repository.WebProjects.Where(project => project.IsEventSourced).Select(project => project.RelativePath));

    /// <summary>Every ReverseProxy destination of every web project that has one: project, cluster, destination.</summary>
    public static TheoryData<string, string, string> ProxyDestinations
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var project in Repository.WebProjects)
            {
                foreach (var destination in project.ProxyDestinations)
                {
                    data.Add(project.RelativePath, destination.Cluster, destination.Destination);
                }
            }

            return data;
        }
    }

    internal static ComposeService ServiceOf(WebProject project) => Service(project.ServiceName, $"for {project.RelativePath}");

    internal static ComposeService Service(string name, string reason = "") =>
        Repository.Compose.Service(name)
        ?? throw new XunitException($"{ComposeFile.FileName} has no service '{name}' {reason}".Trim() + ".");

    internal static string EnvironmentValue(ComposeService service, string name) =>
        service.Environment.TryGetValue(name, out var value)
            ? value
            : throw new XunitException($"Compose service '{service.Name}' does not set {name}.");

    /// <summary>The Dockerfile the compose service of the project builds, relative to the repository root.</summary>
    internal static string DockerfilePathOf(WebProject project)
    {
        var service = ServiceOf(project);
        var context = service.BuildContext ?? throw new XunitException($"Compose service '{service.Name}' has no build.");
        return Repository.RelativePathOf(Repository.PathOf(Path.Combine(context, service.Dockerfile!)));
    }

    /// <summary>The web project that the address points to, found by its Urls port.</summary>
    internal static WebProject ProjectBehind(ProxyDestination destination) =>
        Repository.WebProjects.SingleOrDefault(project =>
            project.ProxyDestinations.Count == 0 && project.UrlsPort == WebProject.PortOf(destination.Address))
        ?? throw new XunitException(
            $"No web project has Urls on the port of {destination.Cluster}/{destination.Destination} ({destination.Address}).");

    internal static ProxyDestination DestinationOf(string project, string cluster, string destination) =>
        Repository.WebProjectAt(project).ProxyDestinations.Single(candidate =>
            candidate.Cluster == cluster && candidate.Destination == destination);
}
