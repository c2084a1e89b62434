using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

public sealed class SlugTests
{
    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("Mistral AI", "mistral-ai")]
    [InlineData("Baichuan Inc.", "baichuan-inc")]
    [InlineData("  Zhipu AI (Z.ai) ", "zhipu-ai-z-ai")]
    [InlineData("Université Côte", "universite-cote")]
    public void A_name_becomes_a_valid_slug(string name, string expected)
    {
        var slug = Slug.From(name);

        Assert.Equal(expected, slug);
        Assert.True(Slug.IsValid(slug));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("white space")]
    [InlineData("../etc/passwd")]
    public void Anything_else_is_not_a_slug(string candidate) => Assert.False(Slug.IsValid(candidate));
}
