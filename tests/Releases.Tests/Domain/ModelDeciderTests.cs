using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>Given past events, when a command, then new events or a named rejection.</summary>
public sealed class ModelDeciderTests
{
    private static readonly Organization DeepSeek = new("deepseek", "DeepSeek", "CN");

    private static readonly AnnounceModel AnnounceR1 = new(
        "deepseek-r1", "DeepSeek-R1", DeepSeek, ["CN"], new DateOnly(2025, 1, 20), OpenWeights: true, "https://api-docs.deepseek.com/news/news250120");

    private static Model? Given(params IModelEvent[] history) => history.Aggregate((Model?)null, ModelDecider.Evolve);

    [Fact]
    public void Given_no_history_when_announced_then_the_model_is_announced_with_the_command_facts()
    {
        var decision = ModelDecider.Decide(Given(), AnnounceR1);

        Assert.Null(decision.Rejection);
        var announced = Assert.IsType<ModelAnnounced>(Assert.Single(decision.Events));
        Assert.Equal(
            new ModelAnnounced("deepseek-r1", "DeepSeek-R1", DeepSeek, AnnounceR1.OriginCountries, new DateOnly(2025, 1, 20), true, AnnounceR1.SourceUrl),
            announced);
    }

    [Fact]
    public void Given_an_announced_model_when_announced_again_then_the_unique_id_rule_refuses_it()
    {
        var history = ModelDecider.Decide(null, AnnounceR1).Events.ToArray();

        var decision = ModelDecider.Decide(Given(history), AnnounceR1 with { Name = "Another name" });

        Assert.Empty(decision.Events);
        Assert.Equal("model-id-unique", decision.Rejection?.Rule);
        Assert.Contains("2025-01-20", decision.Rejection?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Evolving_an_announcement_gives_the_state_the_read_model_shows()
    {
        var state = Given(ModelDecider.Decide(null, AnnounceR1).Events.ToArray());

        Assert.NotNull(state);
        Assert.Equal("DeepSeek-R1", state.Name);
        Assert.Equal(["CN"], state.OriginCountries);
        Assert.True(state.OpenWeights);
    }
}
