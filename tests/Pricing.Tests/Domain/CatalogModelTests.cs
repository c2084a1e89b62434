using Intelligence.Pricing.Projections;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>The catalog replica takes model events in any order.</summary>
public sealed class CatalogModelTests
{
    [Fact]
    public void Older_details_arriving_after_newer_ones_change_nothing()
    {
        var corrected = CatalogModel.Unknown("deepseek-v3").WithDetails(2, "DeepSeek-V3", ["CN"], "China", "deepseek", "DeepSeek");

        var late = corrected.WithDetails(1, "DeepSeek V3 (old)", ["US"], "US", "deepseek", "DeepSeek");

        Assert.Same(corrected, late);
        Assert.Equal("China", late.Bloc);
    }

    [Fact]
    public void A_retirement_heard_before_the_release_leaves_the_model_unknown_until_its_details_arrive()
    {
        var retired = CatalogModel.Unknown("o1-preview") with { RetiredOn = new DateOnly(2025, 7, 1) };

        Assert.False(retired.Known);
        var released = retired.WithDetails(1, "o1-preview", ["US"], "US", "openai", "OpenAI");
        Assert.True(released.Known);
        Assert.Equal(new DateOnly(2025, 7, 1), released.RetiredOn);
    }
}
