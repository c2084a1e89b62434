using Intelligence.Platform.Geography;

namespace Intelligence.Platform.Tests;

public sealed class CountryNamesTests
{
    [Theory]
    [InlineData("US", "US")]
    [InlineData("China", "CN")]
    [InlineData("US/UK", "US GB")]
    [InlineData("US (California)", "US")]
    [InlineData("South Korea", "KR")]
    [InlineData("france", "FR")]
    [InlineData("UAE", "AE")]
    public void Names_codes_aliases_and_places_read_as_iso_codes(string text, string expected)
    {
        var (codes, unknown) = CountryNames.Default.Read(text);

        Assert.Null(unknown);
        Assert.Equal(expected.Split(' '), codes);
    }

    [Theory]
    [InlineData("Atlantis", "Atlantis")]
    [InlineData("US/Narnia", "Narnia")]
    [InlineData("", "")]
    public void Anything_else_is_named_as_unknown(string text, string unknown)
    {
        Assert.Equal(unknown, CountryNames.Default.Read(text).Unknown);
    }

    [Fact]
    public void Blocs_are_data_with_the_27_eu_members()
    {
        var eu = Countries.Iso3166.All.Where(c => c.Bloc == "EU").Select(c => c.Code).Order().ToList();

        Assert.Equal(27, eu.Count);
        Assert.Contains("DE", eu);
        Assert.DoesNotContain("GB", eu);
        Assert.Equal("US", Countries.Iso3166.BlocOf("US"));
        Assert.Equal("China", Countries.Iso3166.BlocOf("cn"));
        Assert.Equal("Other", Countries.Iso3166.BlocOf("JP"));
        Assert.Equal("Congo, The Democratic Republic of the", Countries.Iso3166.TryGet("CD", out var congo) ? congo.Name : null);
    }
}
