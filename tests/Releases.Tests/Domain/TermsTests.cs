using Intelligence.Platform.Geography;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>
/// The documented mappings of the catalog's open vocabularies: known words read as their kind, documented
/// neighbours as the kind they mean, anything else as other with the source's words; a place that is no known
/// country keeps its name, its bloc unknown.
/// </summary>
public sealed class TermsTests
{
    [Theory]
    [InlineData("announcement", DateBasis.Announcement)]
    [InlineData("announcement+API waitlist", DateBasis.Announcement)]
    [InlineData("experimental release (GA 2025-02-05)", DateBasis.Announcement)]
    [InlineData("ChatGPT release (API 2024-12-17)", DateBasis.Announcement)]
    [InlineData("launch", DateBasis.Announcement)]
    [InlineData("", DateBasis.Announcement)]
    [InlineData("weights+API release", DateBasis.WeightsRelease)]
    [InlineData("weights-release", DateBasis.WeightsRelease)]
    [InlineData("API+Qwen Chat release", DateBasis.ApiRelease)]
    [InlineData("ChatGPT+API release", DateBasis.ApiRelease)]
    public void Date_bases_read_as_their_kind(string text, DateBasis basis) => Assert.Equal(new Term<DateBasis>(basis, null), Terms.ReadDateBasis(text));

    [Theory]
    [InlineData("technical report")]
    [InlineData("leak")]
    [InlineData("arXiv preprint")]
    public void Any_other_date_basis_is_other_with_its_words(string text) => Assert.Equal(new Term<DateBasis>(DateBasis.Other, text), Terms.ReadDateBasis(text));

    [Theory]
    [InlineData("yes", true, null, false)]
    [InlineData("Yes", true, null, false)]
    [InlineData("true", true, null, false)]
    [InlineData("open weights", true, null, false)]
    [InlineData("no", false, null, false)]
    [InlineData("closed", false, null, false)]
    [InlineData("no (4.5 weights opened 2025-06-30)", false, null, true)]
    [InlineData("yes, after sign-up", true, null, true)]
    [InlineData("on request", false, "on request", false)]
    [InlineData("non-commercial weights", false, "non-commercial weights", false)]
    [InlineData("partially", false, "partially", false)]
    public void Open_weights_read_as_yes_no_or_the_sources_words_not_counted_as_open(string text, bool open, string? label, bool qualified) =>
        Assert.Equal(new OpenWeightsTerm(open, label, qualified), Terms.ReadOpenWeights(text));

    [Fact]
    public void Open_weights_not_stated_are_no_reading() => Assert.Null(Terms.ReadOpenWeights(" "));

    [Theory]
    [InlineData("yes", FreeAccess.Yes, null)]
    [InlineData("free", FreeAccess.Yes, null)]
    [InlineData("paid", FreeAccess.No, null)]
    [InlineData("freemium", FreeAccess.Limited, null)]
    [InlineData("free tier", FreeAccess.Limited, null)]
    [InlineData("n/a", FreeAccess.NotApplicable, null)]
    [InlineData("not-applicable", FreeAccess.NotApplicable, null)]
    [InlineData("", FreeAccess.Unknown, null)]
    [InlineData("waitlist", FreeAccess.Other, "waitlist")]
    [InlineData("中文", FreeAccess.Other, "中文")]
    public void Free_access_reads_as_its_kind_or_other_with_the_words(string text, FreeAccess access, string? label) =>
        Assert.Equal(new Term<FreeAccess>(access, label), Terms.ReadFreeAccess(text));

    [Theory]
    [InlineData("HIGH", Confidence.High, null)]
    [InlineData("m", Confidence.Medium, null)]
    [InlineData("certain", Confidence.Other, "certain")]
    public void Confidence_reads_as_its_grade_or_other_with_the_words(string text, Confidence confidence, string? label) =>
        Assert.Equal(new Term<Confidence>(confidence, label), Terms.ReadConfidence(text));

    [Theory]
    [InlineData("Text", "text")]
    [InlineData("images", "image")]
    [InlineData("3D meshes", "3D meshes")]
    public void Modalities_read_as_a_known_one_or_keep_their_name(string text, string modality) => Assert.Equal(modality, Terms.ReadModality(text));

    [Theory]
    [InlineData("China", "CN", "China")]
    [InlineData("us", "US", "US")]
    [InlineData("US (California)", "US", "US")]
    [InlineData("Hong Kong SAR", "HK", "Other")]
    [InlineData("Kosovo", "Kosovo", Origins.UnknownBloc)]
    [InlineData("Atlantis", "Atlantis", Origins.UnknownBloc)]
    public void Places_read_as_a_country_code_or_keep_their_name_with_bloc_unknown(string place, string origin, string bloc)
    {
        var read = Origins.Read(CountryNames.Default, place);

        Assert.Equal(origin, read);
        Assert.Equal(bloc, Origins.BlocOf(Countries.Iso3166, read));
    }
}
