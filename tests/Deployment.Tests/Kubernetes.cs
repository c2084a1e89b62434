using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Sdk;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Intelligence.Deployment.Tests;

/// <summary>infra/k8s: its overlays rendered with the kubectl (and built-in kustomize) that
/// infra/k8s/validate/install.sh installs from npm, and the rendered objects as JSON.</summary>
internal static class Kubernetes
{
    public const string Namespace = "intelligence";
    public const string Dev = "dev";
    public const string Production = "production";
    public const string ValidateFolder = "infra/k8s/validate";

    public static readonly string[] Overlays = [Dev, Production];

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly Dictionary<string, IReadOnlyList<K8sObject>> Rendered = new(StringComparer.Ordinal);
    private static bool _installed;

    public static string Kubectl => Repository.PathOf($"{ValidateFolder}/node_modules/.kubectl/kubectl");

    public static string OverlayPath(string overlay) => $"infra/k8s/overlays/{overlay}";

    /// <summary>Runs install.sh once per test run (it does nothing when the pinned tools are already installed).</summary>
    public static async Task InstallAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            if (!_installed)
            {
                await Tool.SucceedsAsync("bash", $"{ValidateFolder}/install.sh");
                _installed = true;
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<IReadOnlyList<K8sObject>> RenderAsync(string overlay)
    {
        await InstallAsync();
        lock (Rendered)
        {
            if (Rendered.TryGetValue(overlay, out var cached))
            {
                return cached;
            }
        }

        var yaml = await Tool.SucceedsAsync(Kubectl, "kustomize", OverlayPath(overlay));
        var objects = Parse(yaml);
        lock (Rendered)
        {
            Rendered[overlay] = objects;
        }

        return objects;
    }

    public static IReadOnlyList<K8sObject> Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Select(document => ToJson(document.RootNode))
            .OfType<JsonObject>()
            .Select(node => new K8sObject(node))
            .ToList();
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(entry =>
            KeyValuePair.Create(((YamlScalarNode)entry.Key).Value ?? string.Empty, ToJson(entry.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>A plain scalar that reads as a number or a boolean becomes one; a quoted one stays a string.</summary>
    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (value is "null" or "~" or "")
            {
                return null;
            }

            if (value is "true" or "false")
            {
                return JsonValue.Create(value == "true");
            }

            if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(value);
    }
}

/// <summary>One rendered Kubernetes object.</summary>
internal sealed class K8sObject(JsonObject node)
{
    public JsonObject Node { get; } = node;

    public string Kind => Node["kind"]?.GetValue<string>() ?? string.Empty;

    public string ApiVersion => Node["apiVersion"]?.GetValue<string>() ?? string.Empty;

    public string Name => Node["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;

    public string? Namespace => Node["metadata"]?["namespace"]?.GetValue<string>();

    public JsonNode? Spec => Node["spec"];

    /// <summary>A Secret's values, decoded, or a ConfigMap's.</summary>
    public IReadOnlyDictionary<string, string> Data =>
        Kind == "Secret"
            ? (Node["data"]?.AsObject() ?? []).ToDictionary(
                entry => entry.Key,
                entry => Encoding.UTF8.GetString(Convert.FromBase64String(entry.Value?.GetValue<string>() ?? string.Empty)),
                StringComparer.Ordinal)
                .Concat((Node["stringData"]?.AsObject() ?? []).Select(entry =>
                    KeyValuePair.Create(entry.Key, entry.Value?.GetValue<string>() ?? string.Empty)))
                .ToDictionary(StringComparer.Ordinal)
            : (Node["data"]?.AsObject() ?? []).ToDictionary(
                entry => entry.Key, entry => entry.Value?.ToString() ?? string.Empty, StringComparer.Ordinal);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

/// <summary>The rendered objects of one overlay, with lookups that fail with a message.</summary>
internal sealed class RenderedOverlay(string name, IReadOnlyList<K8sObject> objects)
{
    public string Name { get; } = name;

    public IReadOnlyList<K8sObject> Objects { get; } = objects;

    public static async Task<RenderedOverlay> LoadAsync(string overlay) => new(overlay, await Kubernetes.RenderAsync(overlay));

    public IEnumerable<K8sObject> OfKind(string kind) => Objects.Where(candidate => candidate.Kind == kind);

    public K8sObject Get(string kind, string name) =>
        Objects.SingleOrDefault(candidate => candidate.Kind == kind && candidate.Name == name)
        ?? throw new XunitException($"The {Name} overlay renders no {kind} named {name}.");

    public K8sObject? Find(string kind, string name) =>
        Objects.SingleOrDefault(candidate => candidate.Kind == kind && candidate.Name == name);

    /// <summary>The single container of the app's Deployment.</summary>
    public JsonNode Container(string app)
    {
        var containers = Get("Deployment", app).Spec?["template"]?["spec"]?["containers"]?.AsArray() ?? [];
        return Assert.Single(containers) ?? throw new XunitException($"Deployment {app} has a null container.");
    }

    /// <summary>Every variable the app's container sees: its env list and the keys of the ConfigMaps and Secrets of
    /// its envFrom, with where each comes from.</summary>
    public IReadOnlyList<(string Name, string Source)> EnvironmentOf(string app)
    {
        var container = Container(app);
        var variables = (container["env"]?.AsArray() ?? [])
            .Select(variable => (variable?["name"]?.GetValue<string>() ?? string.Empty, "env"))
            .ToList();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var (kind, reference) = source?["configMapRef"] is { } configMap
                ? ("ConfigMap", configMap)
                : ("Secret", source?["secretRef"]);
            var referenced = reference?["name"]?.GetValue<string>() ?? string.Empty;
            if (Find(kind, referenced) is { } found)
            {
                variables.AddRange(found.Data.Keys.Select(key => (key, $"{kind} {referenced}")));
            }
        }

        return variables;
    }

    /// <summary>The value of a plain env entry (no valueFrom) of the app's container, or null.</summary>
    public string? EnvValue(string app, string name) =>
        (Container(app)["env"]?.AsArray() ?? [])
            .FirstOrDefault(variable => variable?["name"]?.GetValue<string>() == name)?["value"]?.GetValue<string>();

    /// <summary>The value the app sees for a variable from a ConfigMap or Secret of its envFrom, or null.</summary>
    public string? EnvFromValue(string app, string name)
    {
        foreach (var source in Container(app)["envFrom"]?.AsArray() ?? [])
        {
            var (kind, reference) = source?["configMapRef"] is { } configMap
                ? ("ConfigMap", configMap)
                : ("Secret", source?["secretRef"]);
            if (Find(kind, reference?["name"]?.GetValue<string>() ?? string.Empty) is { } found
                && found.Data.TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return null;
    }

    public override string ToString() => Name;
}
