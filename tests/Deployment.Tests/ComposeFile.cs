using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Intelligence.Deployment.Tests;

/// <summary>A port of a compose service: <c>Published</c> on the host, <c>Target</c> in the container.</summary>
internal sealed record PortMapping(int? Published, int Target);

/// <summary>A bind or volume mount of a compose service.</summary>
internal sealed record Mount(string Source, string Target);

/// <summary>The parts of docker-compose.yml the tests read, accepting both the short and the long compose syntax.</summary>
internal sealed class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    private readonly Dictionary<string, ComposeService> _services;

    private ComposeFile(Dictionary<string, ComposeService> services) => _services = services;

    public IReadOnlyCollection<ComposeService> Services => _services.Values;

    public static ComposeFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var services = ((YamlMappingNode)yaml.Documents[0].RootNode).Children
            .Where(entry => Scalar(entry.Key) == "services")
            .Select(entry => entry.Value)
            .OfType<YamlMappingNode>()
            .SelectMany(node => node.Children)
            .Select(entry => new ComposeService(Scalar(entry.Key), entry.Value as YamlMappingNode ?? new YamlMappingNode()))
            .ToDictionary(service => service.Name, StringComparer.Ordinal);
        return new ComposeFile(services);
    }

    public ComposeService? Service(string name) => _services.GetValueOrDefault(name);

    internal static string Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value ?? string.Empty;

    /// <summary>The value of a key of a mapping node, or null when the node is no mapping or lacks the key.</summary>
    internal static YamlNode? Get(YamlNode? mapping, string key) =>
        mapping is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
}

internal sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    /// <summary>The environment, keyed case-insensitively as .NET configuration reads it.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        Child("environment") switch
        {
            YamlMappingNode map => map.Children.ToDictionary(
                entry => ComposeFile.Scalar(entry.Key), entry => ComposeFile.Scalar(entry.Value), StringComparer.OrdinalIgnoreCase),
            YamlSequenceNode list => list.Children
                .Select(ComposeFile.Scalar)
                .Select(item => item.Split('=', 2))
                .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty, StringComparer.OrdinalIgnoreCase),
            _ => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        };

    public string? Image => Child("image") is YamlScalarNode image ? image.Value : null;

    /// <summary>The command's arguments (a string command is split on spaces, as compose does without quotes).</summary>
    public IReadOnlyList<string> Command =>
        Child("command") switch
        {
            YamlSequenceNode parts => parts.Children.Select(ComposeFile.Scalar).ToList(),
            YamlScalarNode line => (line.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };

    /// <summary>The entrypoint's parts, read as <see cref="Command"/> is.</summary>
    public IReadOnlyList<string> Entrypoint =>
        Child("entrypoint") switch
        {
            YamlSequenceNode parts => parts.Children.Select(ComposeFile.Scalar).ToList(),
            YamlScalarNode line => (line.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };

    public IReadOnlyList<PortMapping> Ports =>
        (Child("ports") as YamlSequenceNode)?.Children.Select(ParsePort).ToList() ?? [];

    /// <summary>The services this one depends on, with the condition it waits for (the list form means service_started).</summary>
    public IReadOnlyDictionary<string, string> DependsOn =>
        Child("depends_on") switch
        {
            YamlMappingNode map => map.Children.ToDictionary(
                entry => ComposeFile.Scalar(entry.Key),
                entry => ComposeFile.Scalar(ComposeFile.Get(entry.Value, "condition"))
                    is { Length: > 0 } condition ? condition : "service_started",
                StringComparer.Ordinal),
            YamlSequenceNode list => list.Children.ToDictionary(ComposeFile.Scalar, _ => "service_started", StringComparer.Ordinal),
            _ => new Dictionary<string, string>(StringComparer.Ordinal),
        };

    public string? BuildContext =>
        Child("build") switch
        {
            YamlScalarNode context => context.Value,
            YamlMappingNode build => ComposeFile.Scalar(ComposeFile.Get(build, "context")) is { Length: > 0 } context
                ? context
                : ".",
            _ => null,
        };

    /// <summary>The Dockerfile of the build, relative to the build context.</summary>
    public string? Dockerfile =>
        Child("build") switch
        {
            YamlScalarNode => "Dockerfile",
            YamlMappingNode build => ComposeFile.Scalar(ComposeFile.Get(build, "dockerfile")) is { Length: > 0 } dockerfile
                ? dockerfile
                : "Dockerfile",
            _ => null,
        };

    /// <summary>The healthcheck command as one line, or null when there is none or it is disabled.</summary>
    public string? HealthcheckTest
    {
        get
        {
            if (Child("healthcheck") is not YamlMappingNode healthcheck
                || ComposeFile.Scalar(ComposeFile.Get(healthcheck, "disable")) == "true")
            {
                return null;
            }

            var command = ComposeFile.Get(healthcheck, "test") switch
            {
                YamlSequenceNode parts => string.Join(' ', parts.Children.Select(ComposeFile.Scalar).Where(part => part is not ("CMD" or "CMD-SHELL"))),
                var single => ComposeFile.Scalar(single),
            };
            return command is { Length: > 0 } and not "NONE" ? command : null;
        }
    }

    public IReadOnlyList<Mount> Volumes =>
        (Child("volumes") as YamlSequenceNode)?.Children
            .Select(volume => volume switch
            {
                YamlMappingNode map => new Mount(
                    ComposeFile.Scalar(ComposeFile.Get(map, "source")),
                    ComposeFile.Scalar(ComposeFile.Get(map, "target"))),
                _ => ComposeFile.Scalar(volume).Split(':') is { Length: >= 2 } parts
                    ? new Mount(parts[0], parts[1])
                    : new Mount(string.Empty, ComposeFile.Scalar(volume)),
            })
            .ToList()
        ?? [];

    public override string ToString() => Name;

    private YamlNode? Child(string key) => ComposeFile.Get(node, key);

    private static PortMapping ParsePort(YamlNode port)
    {
        if (port is YamlMappingNode map)
        {
            var published = ComposeFile.Scalar(ComposeFile.Get(map, "published"));
            return new PortMapping(
                published.Length > 0 ? int.Parse(published, CultureInfo.InvariantCulture) : null,
                int.Parse(ComposeFile.Scalar(ComposeFile.Get(map, "target")), CultureInfo.InvariantCulture));
        }

        // [ip:][published:]target[/protocol]
        var parts = ComposeFile.Scalar(port).Split('/')[0].Split(':');
        return new PortMapping(
            parts.Length > 1 ? int.Parse(parts[^2], CultureInfo.InvariantCulture) : null,
            int.Parse(parts[^1], CultureInfo.InvariantCulture));
    }
}
