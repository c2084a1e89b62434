using System.Text.RegularExpressions;
using CsCheck;
using Intelligence.Contracts;
using Intelligence.Platform.Geography;

namespace Intelligence.Platform.Tests.Contracts;

/// <summary>The one slug rule that model, organization, provider, measure and subject ids share across the services.</summary>
public sealed partial class SlugTests
{
    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("Mistral AI", "mistral-ai")]
    [InlineData("Baichuan Inc.", "baichuan-inc")]
    [InlineData("  Zhipu AI (Z.ai) ", "zhipu-ai-z-ai")]
    [InlineData("Université Côte", "universite-cote")]
    [InlineData("US-EO14110", "us-eo14110")]
    public void A_name_becomes_a_valid_slug(string name, string expected)
    {
        var slug = Slugs.From(name);

        Assert.Equal(expected, slug);
        Assert.True(Slugs.IsValid(slug));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("white space")]
    [InlineData("../etc/passwd")]
    [InlineData("café")]
    public void Anything_else_is_not_a_slug(string candidate) => Assert.False(Slugs.IsValid(candidate));

    [Fact]
    public void A_slug_is_at_most_a_hundred_characters() =>
        Assert.Equal([true, false], [Slugs.IsValid(new string('a', Slugs.MaxLength)), Slugs.IsValid(new string('a', Slugs.MaxLength + 1))]);

    /// <summary>
    /// The services checked ids with this pattern (releases, regulation) or by making the slug again (pricing,
    /// adoption, the gateway): both say the same of any text.
    /// </summary>
    [Fact]
    public void Validity_is_the_pattern_the_services_checked_ids_with() =>
        Gen.Char["abz09-_ .AZé\u0301"].Array[0, 12].Select(chars => new string(chars))
            .Sample(text => Slugs.IsValid(text) == FormerPattern().IsMatch(text), iter: 20_000);

    [Fact]
    public void A_slug_of_a_slug_is_itself() =>
        Gen.String.Sample(text => Slugs.From(Slugs.From(text)) == Slugs.From(text), iter: 5_000);

    [Fact]
    public void Every_country_is_in_a_published_bloc() =>
        Assert.All(Countries.Iso3166.All, country => Assert.Contains(country.Bloc, Blocs.All));

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex FormerPattern();
}
