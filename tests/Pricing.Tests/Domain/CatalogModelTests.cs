using Intelligence.Pricing.Integration;

namespace Intelligence.Pricing.Tests.Domain;

/// <summary>The catalog replica takes model events in any order.</summary>
public sealed class CatalogModelTests
{
    private static readonly DateOnly Released = new(2025, 3, 16);

    [Fact]
    public void Older_details_arriving_after_newer_ones_change_no_details()
    {
        var corrected = CatalogModel.Unknown("deepseek-v3").WithDetails(2, "DeepSeek-V3", ["CN"], "China", "deepseek", "DeepSeek", Released, openWeights: true);

        var late = corrected.WithDetails(1, "DeepSeek V3 (old)", ["US"], "US", "deepseek", "DeepSeek", Released, openWeights: true);

        Assert.Equal(("DeepSeek-V3", "China", 2L), (late.Name, late.Bloc, late.DetailsVersion));
        Assert.Same(late, late.WithDetails(1, "DeepSeek V3 (old)", ["US"], "US", "deepseek", "DeepSeek", Released, openWeights: true));
    }

    [Fact]
    public void A_retirement_heard_before_the_release_leaves_the_model_unknown_until_its_details_arrive()
    {
        var retired = CatalogModel.Unknown("o1-preview") with { RetiredOn = new DateOnly(2025, 7, 1) };

        Assert.False(retired.Known);
        var released = retired.WithDetails(1, "o1-preview", ["US"], "US", "openai", "OpenAI", Released, openWeights: false);
        Assert.True(released.Known);
        Assert.Equal(new DateOnly(2025, 7, 1), released.RetiredOn);
        Assert.Equal(Released, released.ReleasedOn);
    }

    [Fact]
    public void Weights_opened_later_are_open_from_the_change_and_closed_before_it_in_any_order_of_arrival()
    {
        var released = (Version: 1L, Open: false);
        var opened = new DateOnly(2025, 6, 30);
        var card = (Func<CatalogModel, CatalogModel>)(model => model.WithDetails(released.Version, "ERNIE 4.5", ["CN"], "China", "baidu", "Baidu", Released, released.Open));
        var change = (Func<CatalogModel, CatalogModel>)(model => model.WithAccess(2, opened, openWeights: true));
        // A correction recorded after the change carries the changed (open) access in its card.
        var correction = (Func<CatalogModel, CatalogModel>)(model => model.WithDetails(3, "ERNIE 4.5", ["CN"], "China", "baidu", "Baidu", Released, openWeights: true));

        foreach (var order in new[] { new[] { card, change, correction }, [correction, change, card], [change, correction, card], [correction, card, change] })
        {
            var model = order.Aggregate(CatalogModel.Unknown("ernie-4-5"), (m, apply) => apply(m));

            Assert.False(model.OpenWeightsOn(opened.AddDays(-1)));
            Assert.True(model.OpenWeightsOn(opened));
            Assert.Equal(3, model.DetailsVersion);
        }
    }

    [Fact]
    public void Without_any_access_change_the_newest_card_says_whether_the_weights_are_open()
    {
        var model = CatalogModel.Unknown("qwen")
            .WithDetails(1, "Qwen", ["CN"], "China", "alibaba", "Alibaba", Released, openWeights: false)
            .WithDetails(2, "Qwen", ["CN"], "China", "alibaba", "Alibaba", Released, openWeights: true);

        Assert.True(model.OpenWeightsOn(new DateOnly(2023, 1, 1)));
        Assert.False(CatalogModel.Unknown("nothing-heard").OpenWeightsOn(Released));
    }
}
