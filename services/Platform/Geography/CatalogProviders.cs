using System.Collections.Frozen;

namespace Intelligence.Platform.Geography;

/// <summary>
/// An organization that develops or hosts models, with the ISO 3166-1 alpha-2 code of its headquarters and a public
/// page saying where that is. <see cref="Country"/> is empty for a provider whose headquarters no public page
/// established: its bloc is then <see cref="Origins.UnknownBloc"/>, as for any place that is no known country.
/// </summary>
public sealed record CatalogOrganization(string Id, string Name, string Country, string Source);

/// <summary>How a catalog provider sells models.</summary>
public enum ProviderRole
{
    /// <summary>Sells its own models first-party.</summary>
    Developer,

    /// <summary>A large cloud's model service (Bedrock, Azure, Vertex AI, Workers AI).</summary>
    Cloud,

    /// <summary>An inference provider serving open models and others' models.</summary>
    Host,

    /// <summary>Resells others' APIs behind one of its own.</summary>
    Router,
}

/// <summary>One provider of a catalog, the organization behind it and how it sells models.</summary>
public sealed record ProviderEntry(string Catalog, string ProviderId, CatalogOrganization Organization, ProviderRole Role);

/// <summary>
/// The providers of the two vendored model catalogs (genai-prices, models.dev) mapped to the organizations behind
/// them, and the rules that name the developer of a model a provider lists. All of it is data in this folder:
/// <c>organizations.csv</c> (who, where, and the page that says so), <c>catalog-providers.csv</c> (every catalog
/// provider), <c>vendor-aliases.csv</c> (the vendor names model ids carry: <c>meta-llama/</c>, <c>anthropic.</c>)
/// and <c>model-families.csv</c> (the families model names start with: <c>claude</c>, <c>qwen</c>).
/// </summary>
public sealed class CatalogProviders
{
    /// <summary>Region prefixes of Bedrock inference profiles (<c>global.anthropic.claude-…</c>), skipped before the vendor.</summary>
    private static readonly FrozenSet<string> RegionPrefixes =
        FrozenSet.Create(StringComparer.Ordinal, "global", "regional", "us", "us-gov", "eu", "apac", "jp", "au", "ca");

    private readonly FrozenDictionary<string, CatalogOrganization> _organizations;
    private readonly FrozenDictionary<string, ProviderEntry> _providers;
    private readonly FrozenDictionary<string, CatalogOrganization?> _vendors;
    private readonly (string Pattern, CatalogOrganization? Organization)[] _families;

    private CatalogProviders(
        IEnumerable<CatalogOrganization> organizations,
        IEnumerable<IReadOnlyList<string>> providers,
        IEnumerable<IReadOnlyList<string>> vendors,
        IEnumerable<IReadOnlyList<string>> families)
    {
        _organizations = organizations.ToFrozenDictionary(o => o.Id, StringComparer.Ordinal);
        _providers = providers
            .Select(row => new ProviderEntry(row[0], row[1], Known(row[2]), Enum.Parse<ProviderRole>(row[3], ignoreCase: true)))
            .ToFrozenDictionary(p => ProviderKey(p.Catalog, p.ProviderId), StringComparer.OrdinalIgnoreCase);
        _vendors = vendors.ToFrozenDictionary(row => row[0], row => KnownOrNone(row[1]), StringComparer.Ordinal);
        _families = [.. families.Select(row => (Pattern: row[0], Organization: KnownOrNone(row[1]))).OrderByDescending(f => f.Pattern.Length)];
    }

    public static CatalogProviders Shipped { get; } = new(
        EmbeddedCsv.Read("organizations.csv").Select(row => new CatalogOrganization(row[0], row[1], row[2], row[3])),
        EmbeddedCsv.Read("catalog-providers.csv"),
        EmbeddedCsv.Read("vendor-aliases.csv"),
        EmbeddedCsv.Read("model-families.csv"));

    public IEnumerable<ProviderEntry> All => _providers.Values;

    public IEnumerable<CatalogOrganization> Organizations => _organizations.Values;

    public CatalogOrganization? Organization(string organizationId) =>
        _organizations.GetValueOrDefault(organizationId);

    public ProviderEntry? Provider(string catalog, string providerId) =>
        _providers.GetValueOrDefault(ProviderKey(catalog, providerId));

    /// <summary>
    /// The developer of a model as a provider lists it: the provider's own organization when it sells its own models;
    /// otherwise the vendor the model id names (<c>anthropic/claude-3.5-sonnet</c>, <c>global.openai.gpt-5</c>), or,
    /// when the id names none or only a host's namespace (<c>accounts/fireworks/models/</c>, <c>@cf/</c>), the
    /// longest family its name starts with (<c>llama-3.3-70b-versatile</c> is Meta's). Null when neither says, and
    /// for a vendor this table does not know: a fine-tune published under its own name is not its base model's
    /// developer's. A provider the table does not list is read as a host.
    /// </summary>
    public CatalogOrganization? DeveloperOf(string catalog, string providerId, string modelId)
    {
        if (Provider(catalog, providerId) is { Role: ProviderRole.Developer } developer)
        {
            return developer.Organization;
        }

        var path = WithoutHostNamespace(modelId.Trim().ToLowerInvariant().TrimStart('~')).Split('/');
        var name = path[^1];
        if (path.Length > 1)
        {
            if (!_vendors.TryGetValue(path[^2], out var vendor))
            {
                return null;
            }

            if (vendor is not null)
            {
                return vendor;
            }
        }
        else if (DottedVendor(name) is { } dotted)
        {
            return dotted;
        }

        foreach (var (pattern, organization) in _families)
        {
            if (StartsWithFamily(name, pattern))
            {
                return organization;
            }
        }

        return null;
    }

    /// <summary>The model id without a host's namespace: <c>@cf/meta/…</c>, <c>hf:meta-llama/…</c>, <c>accounts/fireworks/models/…</c>.</summary>
    private static string WithoutHostNamespace(string id)
    {
        if (id.StartsWith('@') && id.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
        {
            id = id[(slash + 1)..];
        }

        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && id.IndexOf('/', StringComparison.Ordinal) > colon)
        {
            id = id[(colon + 1)..];
        }

        var segments = id.Split('/');
        return segments is ["accounts", _, "models", _, ..] ? string.Join('/', segments[3..]) : id;
    }

    /// <summary>Bedrock's <c>vendor.model</c> ids, behind optional region prefixes: <c>meta.llama3-…</c>, <c>regional.anthropic.claude-…</c>.</summary>
    private CatalogOrganization? DottedVendor(string name)
    {
        var segments = name.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            // A version ("qwen3.5-9b") is no vendor: the model after a vendor's dot starts with a letter.
            if (_vendors.TryGetValue(segments[i], out var vendor) && vendor is not null && char.IsAsciiLetter(segments[i + 1].FirstOrDefault()))
            {
                return vendor;
            }

            if (!RegionPrefixes.Contains(segments[i]))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a name starts with a family: the pattern, then the end of the name or anything but a letter, so that
    /// <c>o1</c> takes <c>o1-mini</c> and <c>llama</c> takes <c>llama3-70b</c>, yet <c>yi</c> does not take a name
    /// that merely begins with those letters. A pattern ending in punctuation (<c>ft:</c>) needs no such end.
    /// </summary>
    private static bool StartsWithFamily(string name, string pattern) =>
        name.StartsWith(pattern, StringComparison.Ordinal)
        && (name.Length == pattern.Length || !char.IsAsciiLetter(name[pattern.Length]) || !char.IsAsciiLetter(pattern[^1]));

    private static string ProviderKey(string catalog, string providerId) => $"{catalog} {providerId}";

    private CatalogOrganization Known(string organizationId) =>
        _organizations.TryGetValue(organizationId, out var organization)
            ? organization
            : throw new InvalidOperationException($"The catalog tables name the organization '{organizationId}', which organizations.csv does not hold.");

    /// <summary>An organization, or none where the table leaves the id empty on purpose (a host's namespace, a fine-tune).</summary>
    private CatalogOrganization? KnownOrNone(string organizationId) =>
        organizationId.Length == 0 ? null : Known(organizationId);
}
