using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Intelligence.Deployment.Tests;

/// <summary>One YARP destination of the gateway, as configured in its appsettings.json.</summary>
internal sealed record ProxyDestination(string Cluster, string Destination, string Address)
{
    /// <summary>The configuration key, as an environment variable, that overrides the address.</summary>
    public string EnvironmentVariable => $"ReverseProxy__Clusters__{Cluster}__Destinations__{Destination}__Address";
}

/// <summary>A web project (Sdk Microsoft.NET.Sdk.Web) of the repository, with what its appsettings.json says.</summary>
internal sealed partial class WebProject
{
    private const string WebSdk = "Microsoft.NET.Sdk.Web";
    private static readonly string[] SearchedFolders = ["services", "gateway"];

    private readonly JsonNode _appSettings;

    private WebProject(string relativePath)
    {
        RelativePath = relativePath;
        Directory = Path.GetDirectoryName(relativePath)!.Replace('\\', '/');
        FolderName = Path.GetFileName(Directory);
        AppSettingsPath = $"{Directory}/appsettings.json";
        var appSettingsFile = Repository.PathOf(AppSettingsPath);
        _appSettings = File.Exists(appSettingsFile)
            ? JsonNode.Parse(
                File.ReadAllText(appSettingsFile),
                documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
                ?? new JsonObject()
            : new JsonObject();
    }

    /// <summary>The csproj path relative to the repository root, e.g. <c>services/Releases/Releases.csproj</c>.</summary>
    public string RelativePath { get; }

    /// <summary>The project folder relative to the repository root, e.g. <c>services/Releases</c>.</summary>
    public string Directory { get; }

    public string FolderName { get; }

    public string AppSettingsPath { get; }

    /// <summary>The compose service that runs the project: its folder name in lower case.</summary>
    public string ServiceName => FolderName.ToLowerInvariant();

    /// <summary>The port of the first address in <c>Urls</c>.</summary>
    public int UrlsPort
    {
        get
        {
            var urls = _appSettings["Urls"]?.GetValue<string>()
                ?? throw new InvalidOperationException($"{AppSettingsPath} has no Urls.");
            return PortOf(urls.Split(';')[0]);
        }
    }

    /// <summary>The database of <c>ConnectionStrings:Marten</c>, or null when the project has no event store.</summary>
    public string? MartenDatabase
    {
        get
        {
            var connectionString = _appSettings["ConnectionStrings"]?["Marten"]?.GetValue<string>();
            return connectionString is null ? null : ConnectionStringValue(connectionString, "Database");
        }
    }

    public bool IsEventSourced => MartenDatabase is not null;

    /// <summary>Every destination of every cluster under <c>ReverseProxy:Clusters</c>.</summary>
    public IReadOnlyList<ProxyDestination> ProxyDestinations =>
        _appSettings["ReverseProxy"]?["Clusters"]?.AsObject()
            .SelectMany(cluster => (cluster.Value?["Destinations"]?.AsObject() ?? [])
                .Select(destination => new ProxyDestination(
                    cluster.Key,
                    destination.Key,
                    destination.Value?["Address"]?.GetValue<string>() ?? string.Empty)))
            .ToList()
        ?? [];

    /// <summary>Whether appsettings.json holds the configuration key (sections separated by ':', case-insensitive).</summary>
    public bool HasSetting(string key)
    {
        JsonNode? node = _appSettings;
        foreach (var part in key.Split(':'))
        {
            node = node switch
            {
                JsonObject map => map.FirstOrDefault(entry => string.Equals(entry.Key, part, StringComparison.OrdinalIgnoreCase)).Value,
                JsonArray list when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
                _ => null,
            };
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The projects this one references, directly or not, as paths relative to the repository root.</summary>
    public IReadOnlyList<string> ReferencedProjects
    {
        get
        {
            var found = new SortedSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>([RelativePath]);
            while (pending.TryPop(out var project))
            {
                foreach (var reference in ProjectReferencesOf(project))
                {
                    if (found.Add(reference))
                    {
                        pending.Push(reference);
                    }
                }
            }

            return [.. found];
        }
    }

    public static IReadOnlyList<WebProject> FindAll(string root) =>
        SearchedFolders
            .Select(folder => Path.Combine(root, folder))
            .Where(System.IO.Directory.Exists)
            .SelectMany(folder => System.IO.Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Select(Repository.RelativePathOf)
            .Where(path => !path.Split('/').Any(segment => segment is "bin" or "obj"))
            .Where(path => IsWebSdk(XDocument.Load(Repository.PathOf(path))))
            .Order(StringComparer.Ordinal)
            .Select(path => new WebProject(path))
            .ToList();

    /// <summary>The port of a URL such as <c>http://0.0.0.0:5101</c> or <c>http://+:5101</c>; the port must be explicit.</summary>
    public static int PortOf(string url)
    {
        var match = UrlWithPort().Match(url.Trim());
        return match.Success
            ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)
            : throw new FormatException($"'{url}' is not a URL with an explicit port.");
    }

    /// <summary>The host of a URL such as <c>http://releases:5101/</c>.</summary>
    public static string HostOf(string url)
    {
        var match = UrlWithPort().Match(url.Trim());
        return match.Success ? match.Groups["host"].Value : throw new FormatException($"'{url}' is not a URL with an explicit port.");
    }

    public static string? ConnectionStringValue(string connectionString, string key)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return builder.TryGetValue(key, out var value) ? value?.ToString() : null;
    }

    public override string ToString() => RelativePath;

    private static bool IsWebSdk(XDocument project) =>
        new[] { project.Root?.Attribute("Sdk")?.Value }
            .Concat(project.Root?.Elements("Sdk").Select(sdk => sdk.Attribute("Name")?.Value) ?? [])
            .Any(sdk => sdk is not null && sdk.Split('/')[0].Trim() == WebSdk);

    private static IEnumerable<string> ProjectReferencesOf(string relativePath)
    {
        var directory = Path.GetDirectoryName(Repository.PathOf(relativePath))!;
        return XDocument.Load(Repository.PathOf(relativePath))
            .Descendants("ProjectReference")
            .Select(reference => reference.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Repository.RelativePathOf(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', '/')))));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?<host>\[[^\]]*\]|[^:/\s]+):(?<port>\d+)(/.*)?$")]
    private static partial Regex UrlWithPort();
}
