using CsCheck;
using Intelligence.Adoption.Domain;
using Intelligence.Contracts;

namespace Intelligence.Adoption.Tests.Domain;

/// <summary>
/// The stored links are computed from the few models an indexed query finds (<see cref="SubjectLinks.MayLinkByName"/>,
/// <see cref="Names.Families"/>, and the newest models of the subject's organization), not from the whole catalog:
/// over generated subjects and catalogs whose names share words, the link is the same either way.
/// </summary>
public sealed class SubjectLinkProperties
{
    private static readonly Gen<string> Words = Gen.OneOf("Deep", "Seek", "Gemini", "ERNIE", "Chat", "app", "Bot", "R1", "V3", "2.5", "Pro");

    private static readonly Gen<string> Titles = Gen.Select(Words.Array[1, 4], Gen.OneOf(" ", "-", ""), (words, joint) => string.Join(joint, words));

    private static readonly Gen<string> Organizations = Gen.OneOf("DeepSeek", "Google", "Baidu", "Seek Labs");

    private static readonly Gen<KnownModel> Models = Gen.Select(
        Titles, Organizations, Gen.OneOf("US", "CN", "GB"), Gen.Int[0, 40],
        (name, organization, country, days) => new KnownModel(
            $"{Slugs.From(name)}-{days}", name, Slugs.From(organization), organization, country, [country], country == "CN" ? "China" : "US", new DateOnly(2024, 1, 1).AddDays(days)));

    private static readonly Gen<Subject> Subjects = Gen.Select(
        Titles.Where(name => Slugs.IsValid(Slugs.From(name))), Gen.Frequency((4, Organizations.Select(o => (string?)o)), (1, Gen.Const((string?)null))),
        (name, organization) => new Subject(
            Slugs.From(name), name, organization is null ? SubjectKind.Aggregate : SubjectKind.Product, organization is null ? null : Slugs.From(organization), organization));

    [Fact]
    public void Linking_against_the_models_that_may_link_gives_the_link_the_whole_catalog_gives() =>
        Gen.Select(Subjects, Models.Array[0, 12]).Sample((subject, catalog) =>
        {
            var ofOrganization = catalog.Where(model => model.OrganizationId == subject.OrganizationId).ToList();
            var newest = ofOrganization.Count == 0 ? DateOnly.MinValue : ofOrganization.Max(model => model.ReleasedOn);
            var candidates = catalog
                .Where(model => SubjectLinks.MayLinkByName(subject, Slugs.From(model.Name)) || (model.OrganizationId == subject.OrganizationId && model.ReleasedOn == newest))
                .ToList();
            return SubjectLinks.Same(SubjectLinks.Link(subject, catalog), SubjectLinks.Link(subject, candidates));
        });

    [Fact]
    public void A_family_is_one_of_a_key_s_families_exactly_when_the_key_is_it_or_starts_with_it_and_a_hyphen() =>
        Gen.Select(Titles, Titles).Sample((model, subject) =>
        {
            var (key, family) = (Slugs.From(model), Names.Family(subject));
            return Names.Families(key).Contains(family) == (family.Length > 0 && (key == family || key.StartsWith(family + "-", StringComparison.Ordinal)));
        });

    [Theory]
    [InlineData("deepseek-r1", new[] { "deepseek", "deepseek-r1" })]
    [InlineData("gemini-2-5-pro-exp", new[] { "gemini", "gemini-2", "gemini-2-5", "gemini-2-5-pro", "gemini-2-5-pro-exp" })]
    [InlineData("o1", new[] { "o1" })]
    public void The_families_of_a_key_are_its_parts_up_to_each_hyphen_and_itself(string key, string[] families) =>
        Assert.Equal(families, Names.Families(key));

    [Fact]
    public void An_empty_key_is_of_no_family() => Assert.Empty(Names.Families(string.Empty));
}
