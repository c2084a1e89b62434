using System.Text.Json;
using Intelligence.Platform.Geography;
using Xunit.Abstractions;

namespace Intelligence.Platform.Tests;

public sealed class CatalogProvidersTests(ITestOutputHelper output)
{
    private static readonly CatalogProviders Providers = CatalogProviders.Shipped;

    /// <summary>Providers whose headquarters no public page established: placed nowhere rather than guessed.</summary>
    private static readonly string[] Unplaced =
    [
        "avian", "chutes", "fastrouter", "hyperbolic", "inference-net", "lmstudio", "morph", "novita", "opencode", "publicai",
        "quicksilverpro", "requesty", "submodel", "synthetic", "typesafe", "venice",
    ];

    [Fact]
    public void Every_provider_of_both_vendored_catalogs_has_a_row()
    {
        var missing = Snapshot.Models
            .Select(m => (m.Catalog, m.ProviderId))
            .Distinct()
            .Where(p => Providers.Provider(p.Catalog, p.ProviderId) is null)
            .ToList();

        Assert.Empty(missing);
        Assert.Equal(43, Providers.All.Count(p => p.Catalog == Snapshot.GenaiPrices));
        Assert.Equal(47, Providers.All.Count(p => p.Catalog == Snapshot.ModelsDev));
    }

    [Fact]
    public void Every_organization_is_in_a_country_the_iso_table_knows_or_is_named_as_unplaced()
    {
        var unplaced = Providers.Organizations.Where(o => o.Country.Length == 0).Select(o => o.Id).Order().ToList();

        Assert.Equal(Unplaced.Order(), unplaced);
        Assert.All(Providers.Organizations.Where(o => o.Country.Length > 0), o =>
        {
            Assert.True(Countries.Iso3166.TryGet(o.Country, out _), $"{o.Id}: {o.Country} is no ISO 3166-1 code");
            Assert.StartsWith("https://", o.Source, StringComparison.Ordinal);
        });
        Assert.All(Providers.All, p => Assert.Same(p.Organization, Providers.Organization(p.Organization.Id)));
    }

    [Theory]
    [InlineData("openai", "US")]
    [InlineData("anthropic", "US")]
    [InlineData("google", "US")]
    [InlineData("meta", "US")]
    [InlineData("hugging-face", "US")]
    [InlineData("mistral", "FR")]
    [InlineData("cohere", "CA")]
    [InlineData("ai21", "IL")]
    [InlineData("upstage", "KR")]
    [InlineData("01-ai", "CN")]
    [InlineData("alibaba", "CN")]
    [InlineData("baidu", "CN")]
    [InlineData("bytedance", "CN")]
    [InlineData("deepseek", "CN")]
    [InlineData("minimax", "CN")]
    [InlineData("moonshot", "CN")]
    [InlineData("stepfun", "CN")]
    [InlineData("tencent", "CN")]
    [InlineData("zhipu", "CN")]
    public void Developers_are_placed_where_they_are_headquartered(string organizationId, string country)
    {
        Assert.Equal(country, Providers.Organization(organizationId)?.Country);
    }

    [Theory]
    [InlineData("genai-prices", "openrouter", "anthropic/claude-3.5-sonnet", "anthropic", "US")]
    [InlineData("genai-prices", "aws", "global.openai.gpt-5.6-sol", "openai", "US")]
    [InlineData("genai-prices", "aws", "meta.llama3-3-70b-instruct-v1:0", "meta", "US")]
    [InlineData("genai-prices", "groq", "llama-3.3-70b-versatile", "meta", "US")]
    [InlineData("genai-prices", "together", "Qwen/Qwen3-235B", "alibaba", "CN")]
    [InlineData("genai-prices", "deepseek", "deepseek-chat", "deepseek", "CN")]
    [InlineData("genai-prices", "google", "claude-3-5-sonnet", "anthropic", "US")]
    [InlineData("genai-prices", "google", "gemini-2.5-pro", "google", "US")]
    [InlineData("genai-prices", "cloudflare", "@cf/meta/llama-3.1-8b-instruct", "meta", "US")]
    [InlineData("genai-prices", "mistral", "codestral-2508", "mistral", "FR")]
    [InlineData("genai-prices", "openrouter", "z-ai/glm-4.5", "zhipu", "CN")]
    [InlineData("genai-prices", "openrouter", "gpt-oss-120b", "openai", "US")]
    [InlineData("models.dev", "fireworks-ai", "accounts/fireworks/models/deepseek-v3-0324", "deepseek", "CN")]
    [InlineData("models.dev", "synthetic", "hf:moonshotai/Kimi-K2-Instruct", "moonshot", "CN")]
    [InlineData("models.dev", "vercel", "cerebras/qwen3-coder", "alibaba", "CN")]
    [InlineData("models.dev", "alibaba-cn", "qwen3-coder-plus", "alibaba", "CN")]
    [InlineData("models.dev", "upstage", "solar-pro2", "upstage", "KR")]
    [InlineData("models.dev", "cloudflare-workers-ai", "nova-3", "deepgram", "US")]
    [InlineData("models.dev", "a-host-no-table-lists", "mixtral-8x7b", "mistral", "FR")]
    public void A_model_resolves_to_the_developer_its_provider_or_its_id_names(
        string catalog, string provider, string model, string organization, string country)
    {
        var developer = Providers.DeveloperOf(catalog, provider, model);

        Assert.Equal(organization, developer?.Id);
        Assert.Equal(country, developer?.Country);
    }

    [Theory]
    [InlineData("genai-prices", "together", "zzz-unknown")]
    [InlineData("genai-prices", "openrouter", "sao10k/l3-euryale-70b")]
    [InlineData("genai-prices", "openrouter", "llama-3-lumimaid-70b")]
    [InlineData("models.dev", "openrouter", "openrouter/horizon-beta")]
    public void A_model_no_rule_names_is_left_to_an_unknown_developer(string catalog, string provider, string model)
    {
        Assert.Null(Providers.DeveloperOf(catalog, provider, model));
    }

    [Fact]
    public void Most_models_of_each_catalog_resolve_to_a_developer()
    {
        foreach (var catalog in Snapshot.Models.GroupBy(m => m.Catalog))
        {
            var unresolved = catalog.Where(m => Providers.DeveloperOf(m.Catalog, m.ProviderId, m.ModelId) is null).ToList();
            var share = 1 - ((double)unresolved.Count / catalog.Count());
            var prefixes = unresolved
                .GroupBy(m => Prefix(m.ModelId))
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(12)
                .Select(g => $"{g.Key} {g.Count()}");
            output.WriteLine($"{catalog.Key}: {catalog.Count() - unresolved.Count} of {catalog.Count()} models resolve ({share:P1}); unresolved by prefix: {string.Join(", ", prefixes)}");

            Assert.True(share >= 0.9, $"{catalog.Key}: only {share:P1} of models resolve to a developer");
        }
    }

    /// <summary>What an unresolved id starts with: its vendor path, or the first word of its name.</summary>
    private static string Prefix(string modelId)
    {
        var id = modelId.ToLowerInvariant();
        var slash = id.LastIndexOf('/');
        return slash > 0 ? id[..slash] + "/" : id.Split('-', '.', ':', '_')[0];
    }

    /// <summary>The two catalog snapshots vendored under <c>data/catalogs</c>, read as (catalog, provider, model) triples.</summary>
    private static class Snapshot
    {
        public const string GenaiPrices = "genai-prices";
        public const string ModelsDev = "models.dev";

        public static List<(string Catalog, string ProviderId, string ModelId)> Models { get; } = Read();

        private static List<(string Catalog, string ProviderId, string ModelId)> Read()
        {
            var folder = Path.Combine(RepositoryRoot(), "data", "catalogs");
            var models = new List<(string, string, string)>();

            using (var genai = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "genai-prices.json"))))
            {
                foreach (var provider in genai.RootElement.EnumerateArray())
                {
                    var id = provider.GetProperty("id").GetString()!;
                    models.AddRange(provider.GetProperty("models").EnumerateArray().Select(m => (GenaiPrices, id, m.GetProperty("id").GetString()!)));
                }
            }

            using (var modelsDev = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "models-dev.json"))))
            {
                foreach (var provider in modelsDev.RootElement.EnumerateObject())
                {
                    models.AddRange(provider.Value.GetProperty("models").EnumerateObject().Select(m => (ModelsDev, provider.Name, m.Name)));
                }
            }

            return models;
        }

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Intelligence.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No Intelligence.sln above {AppContext.BaseDirectory}.");
        }
    }
}
