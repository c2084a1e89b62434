using Intelligence.Adoption.Domain;
using Intelligence.Contracts;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>A subject links to the catalog by model (name or family) first, then by organization.</summary>
public sealed class SubjectLinksTests
{
    private static readonly KnownModel Gpt4o = new("gpt-4o", "GPT-4o", "openai", "OpenAI", "US", ["US"], "US", new DateOnly(2024, 5, 13));
    private static readonly KnownModel DeepSeekV3 = new("deepseek-v3", "DeepSeek-V3", "deepseek", "DeepSeek", "CN", ["CN"], "China", new DateOnly(2024, 12, 26));
    private static readonly KnownModel DeepSeekR1 = new("deepseek-r1", "DeepSeek-R1", "deepseek", "DeepSeek", "CN", ["CN"], "China", new DateOnly(2025, 1, 20));
    private static readonly KnownModel Gemini25 = new("gemini-2-5-pro-exp", "Gemini 2.5 Pro (exp)", "google-deepmind", "Google DeepMind", "US", ["US", "GB"], "US", new DateOnly(2025, 3, 25));
    private static readonly KnownModel Ernie45 = new("ernie-4-5-ernie-x1", "ERNIE 4.5 / ERNIE X1", "baidu", "Baidu", "CN", ["CN"], "China", new DateOnly(2025, 3, 16));
    private static readonly KnownModel[] Catalog = [Gpt4o, DeepSeekV3, DeepSeekR1, Gemini25, Ernie45];

    private static Subject Product(string name, string organization) =>
        new(Slugs.From(name), name, SubjectKind.Product, Slugs.From(organization), organization);

    [Fact]
    public void A_product_of_a_known_organization_links_by_organization_to_its_country_and_bloc()
    {
        var link = SubjectLinks.Link(Product("ChatGPT", "OpenAI"), Catalog);

        Assert.Equal(LinkKind.Organization, link.Kind);
        Assert.Equal("openai", link.OrganizationId);
        Assert.Equal(["US"], link.OriginCountries);
        Assert.Equal("US", link.Bloc);
    }

    [Fact]
    public void An_organization_link_rests_on_the_organization_s_newest_model_alone_the_first_id_of_a_tie()
    {
        var sameDay = DeepSeekR1 with { Id = "deepseek-a", Name = "Whale A" };
        var older = DeepSeekV3 with { Id = "deepseek-b", Name = "Whale B" };

        var link = SubjectLinks.Link(Product("Whale Chat", "DeepSeek"), [DeepSeekR1, older, sameDay, Gpt4o]);

        Assert.Equal(LinkKind.Organization, link.Kind);
        Assert.Equal(["deepseek-a"], link.ModelIds);
        Assert.Equal("China", link.Bloc);
    }

    [Fact]
    public void A_product_named_as_a_model_family_links_by_model_newest_first()
    {
        var link = SubjectLinks.Link(Product("DeepSeek", "DeepSeek"), Catalog);

        Assert.Equal(LinkKind.Model, link.Kind);
        Assert.Equal(["deepseek-r1", "deepseek-v3"], link.ModelIds);
        Assert.Equal("China", link.Bloc);
    }

    [Theory]
    [InlineData("Gemini app", "Google", "google-deepmind", "US")]
    [InlineData("ERNIE Bot", "Baidu", "baidu", "China")]
    public void Packaging_words_are_dropped_to_find_the_family(string name, string organization, string linkedOrganization, string bloc)
    {
        var link = SubjectLinks.Link(Product(name, organization), Catalog);

        Assert.Equal(LinkKind.Model, link.Kind);
        Assert.Equal(linkedOrganization, link.OrganizationId);
        Assert.Equal(bloc, link.Bloc);
    }

    [Fact]
    public void A_subject_of_an_unknown_organization_stays_unlinked_with_an_unknown_bloc()
    {
        var link = SubjectLinks.Link(Product("Doubao", "ByteDance"), Catalog);

        Assert.Equal(LinkKind.Unlinked, link.Kind);
        Assert.Equal(SubjectLink.UnknownBloc, link.Bloc);
        Assert.False(link.IsLinked);
    }

    [Fact]
    public void An_aggregate_never_links()
    {
        var link = SubjectLinks.Link(new Subject("generative-ai", "Generative AI", SubjectKind.Aggregate, null, null), Catalog);

        Assert.Equal(LinkKind.Aggregate, link.Kind);
    }

    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("Mistral AI", "mistral-ai")]
    [InlineData("Baichuan Inc.", "baichuan-inc")]
    [InlineData("01.AI", "01-ai")]
    [InlineData("Zhipu  AI ", "zhipu-ai")]
    [InlineData("Société Générale", "societe-generale")]
    public void Names_become_the_keys_the_catalog_uses(string name, string key) => Assert.Equal(key, Slugs.From(name));
}
