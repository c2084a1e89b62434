using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Intelligence.Platform.Security;

/// <summary>
/// The roles an API key may hold. Each includes the ones before it: an editor also reads, an operator also edits.
/// </summary>
public static class ApiRoles
{
    /// <summary>Queries: every <c>GET</c>.</summary>
    public const string Reader = "reader";

    /// <summary>Commands and imports: every other method.</summary>
    public const string Editor = "editor";

    /// <summary>Replays, rebuilds and the other admin endpoints.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Reader, Editor, Operator];

    /// <summary>The roles a key listed with <paramref name="role"/> holds.</summary>
    public static IEnumerable<string> Implied(string role) => All.Take(All.IndexOf(role) + 1);

    private static int IndexOf(this IReadOnlyList<string> roles, string role)
    {
        for (var i = 0; i < roles.Count; i++)
        {
            if (roles[i] == role)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One API key as configuration holds it: never the key, only its SHA-256.</summary>
public sealed class ApiKeySettings
{
    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string Sha256 { get; set; } = string.Empty;

    public List<string> Roles { get; set; } = [];

    /// <summary>The gateway's rate limit for this key; the default limit when absent.</summary>
    public int? RequestsPerSecond { get; set; }
}

/// <summary>A key the registry knows, by name.</summary>
public sealed record ApiKey(string Name, IReadOnlySet<string> Roles, int? RequestsPerSecond, bool IsDevelopmentKey);

/// <summary>
/// The keys an app accepts: those configured under <c>Auth:ApiKeys</c> and, in Development or where
/// <c>Auth:DevelopmentKeys</c> opts in (never in Production), the documented development keys. Keys are looked up by
/// their hash, so the configuration never holds a usable secret.
/// </summary>
public sealed class ApiKeyRegistry
{
    /// <summary>The development keys the README documents: on in Development, on elsewhere only by opting in, refused in Production.</summary>
    public static readonly IReadOnlyList<(string Name, string Key, string Role)> DevelopmentKeys =
    [
        ("dev-reader", "dev-reader-key", ApiRoles.Reader),
        ("dev-editor", "dev-editor-key", ApiRoles.Editor),
        ("dev-operator", "dev-operator-key", ApiRoles.Operator),
    ];

    private readonly Dictionary<string, ApiKey> _byHash;
    private readonly Dictionary<string, ApiKey> _byName;

    private ApiKeyRegistry(Dictionary<string, ApiKey> byHash)
    {
        _byHash = byHash;
        _byName = byHash.Values.ToDictionary(key => key.Name, StringComparer.Ordinal);
    }

    public IEnumerable<ApiKey> Keys => _byHash.Values;

    public ApiKey? Named(string name) => _byName.GetValueOrDefault(name);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public ApiKey? Find(string presentedKey) => _byHash.GetValueOrDefault(Hash(presentedKey));

    /// <summary>
    /// Reads <c>Auth:ApiKeys</c> and <c>Auth:DevelopmentKeys</c> (default: on in Development only). Throws, so the app
    /// does not start, when the settings are unusable, when Production would accept a development key, or when an
    /// environment other than Development would accept no key at all.
    /// </summary>
    public static ApiKeyRegistry FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var production = environment.IsProduction();
        var useDevelopmentKeys = DevelopmentConvenience.IsOn(configuration, environment, "Auth:DevelopmentKeys", "development API keys");

        var developmentHashes = DevelopmentKeys.ToDictionary(key => Hash(key.Key), key => key);
        var byHash = new Dictionary<string, ApiKey>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection("Auth:ApiKeys").GetChildren())
        {
            var settings = section.Get<ApiKeySettings>() ?? new ApiKeySettings();
            var hash = settings.Sha256.Trim().ToLowerInvariant();
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
            {
                throw new InvalidOperationException($"Auth:ApiKeys:{section.Key}:Sha256 must be 64 hex digits (the SHA-256 of the key).");
            }

            var unknownRole = settings.Roles.FirstOrDefault(role => !ApiRoles.All.Contains(role));
            if (settings.Roles.Count == 0 || unknownRole is not null)
            {
                throw new InvalidOperationException(
                    $"Auth:ApiKeys:{section.Key}:Roles must list one or more of {string.Join(", ", ApiRoles.All)}{(unknownRole is null ? "" : $"; '{unknownRole}' is not a role")}.");
            }

            if (settings.RequestsPerSecond is <= 0)
            {
                throw new InvalidOperationException($"Auth:ApiKeys:{section.Key}:RequestsPerSecond must be positive.");
            }

            var isDevelopmentKey = developmentHashes.ContainsKey(hash);
            if (production && isDevelopmentKey)
            {
                throw new InvalidOperationException(
                    $"Auth:ApiKeys:{section.Key} is a documented development key: development API keys are refused in Production.");
            }

            if (!byHash.TryAdd(hash, Key(section.Key, settings.Roles, settings.RequestsPerSecond, isDevelopmentKey)))
            {
                throw new InvalidOperationException($"Auth:ApiKeys:{section.Key} has the same hash as another key.");
            }
        }

        if (useDevelopmentKeys)
        {
            foreach (var (hash, (name, _, role)) in developmentHashes)
            {
                byHash.TryAdd(hash, Key(name, [role], null, isDevelopmentKey: true));
            }
        }

        if (byHash.Count == 0 && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"No API keys are configured (Auth:ApiKeys) and the environment is {environment.EnvironmentName}, so every request would be refused. "
                + "Configure keys by their SHA-256 (Auth:ApiKeys:<name>:Sha256 and :Roles:0), or, outside Production, set Auth:DevelopmentKeys=true "
                + "to accept the documented development keys.");
        }

        return new ApiKeyRegistry(byHash);
    }

    private static ApiKey Key(string name, IEnumerable<string> roles, int? requestsPerSecond, bool isDevelopmentKey) =>
        new(name, roles.SelectMany(ApiRoles.Implied).ToHashSet(StringComparer.Ordinal), requestsPerSecond, isDevelopmentKey);
}
