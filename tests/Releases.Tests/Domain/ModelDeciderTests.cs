using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>Given past events, when a command, then new events, no events, or a named rejection.</summary>
public sealed class ModelDeciderTests
{
    private const string Source = "https://api-docs.deepseek.com/news/news250120";
    private static readonly DateOnly ReleasedOn = new(2025, 1, 20);

    private static readonly ModelDetails R1 = new(
        "DeepSeek-R1",
        new Organization("deepseek", "DeepSeek", "CN"),
        ["CN"],
        ReleasedOn,
        DateBasis.WeightsRelease,
        new Access(OpenWeights: true, "MIT", FreeAccess.Yes, ApiAvailable: true),
        ["text"],
        ParameterCount: 671_000_000_000,
        Confidence.High);

    private static readonly ModelAnnounced Announced = new("deepseek-r1", R1, Source);

    private static Model Given(params IModelEvent[] history) => history.Aggregate((Model?)null, ModelDecider.Evolve)!;

    [Fact]
    public void Given_no_model_when_announced_then_it_is_announced_with_the_command_facts()
    {
        var decision = ModelDecider.Decide(null, new AnnounceModel("deepseek-r1", R1, Source));

        Assert.Null(decision.Rejection);
        Assert.Equal(Announced, Assert.Single(decision.Events));
    }

    [Fact]
    public void Given_an_announced_model_when_announced_again_then_model_id_unique_refuses_it()
    {
        var decision = ModelDecider.Decide(Given(Announced), new AnnounceModel("deepseek-r1", R1 with { Name = "Other" }, Source));

        Assert.Empty(decision.Events);
        Assert.Equal("model-id-unique", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_model_when_its_access_changes_then_the_change_is_recorded_with_its_date()
    {
        var access = R1.Access with { FreeAccess = FreeAccess.Limited };

        var decision = ModelDecider.Decide(Given(Announced), new ChangeModelAccess("deepseek-r1", new DateOnly(2025, 3, 1), access, "rate limits", Source));

        var changed = Assert.IsType<ModelAccessChanged>(Assert.Single(decision.Events));
        Assert.Equal(new DateOnly(2025, 3, 1), changed.EffectiveOn);
        Assert.Equal(FreeAccess.Limited, ModelDecider.Evolve(Given(Announced), changed)!.Details.Access.FreeAccess);
    }

    [Fact]
    public void Given_a_model_when_access_is_set_to_what_it_is_then_nothing_is_recorded()
    {
        var decision = ModelDecider.Decide(Given(Announced), new ChangeModelAccess("deepseek-r1", new DateOnly(2025, 3, 1), R1.Access, null, Source));

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_model_when_access_changes_before_its_release_then_access_change_after_release_refuses_it()
    {
        var decision = ModelDecider.Decide(Given(Announced), new ChangeModelAccess("deepseek-r1", ReleasedOn.AddDays(-1), R1.Access with { OpenWeights = false }, null, Source));

        Assert.Equal("access-change-after-release", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_retired_model_when_its_access_changes_then_model_retired_refuses_it()
    {
        var retired = Given(Announced, new ModelRetired("deepseek-r1", new DateOnly(2025, 6, 1), "superseded", Source));

        var decision = ModelDecider.Decide(retired, new ChangeModelAccess("deepseek-r1", new DateOnly(2025, 7, 1), R1.Access with { FreeAccess = FreeAccess.No }, null, Source));

        Assert.Empty(decision.Events);
        Assert.Equal("model-retired", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_model_when_retired_then_it_is_retired_and_a_second_retirement_is_refused()
    {
        var first = ModelDecider.Decide(Given(Announced), new RetireModel("deepseek-r1", new DateOnly(2025, 6, 1), "superseded by R1-0528", Source));
        var retired = Given(Announced, first.Events.Single());

        var second = ModelDecider.Decide(retired, new RetireModel("deepseek-r1", new DateOnly(2025, 7, 1), "again", Source));

        Assert.IsType<ModelRetired>(Assert.Single(first.Events));
        Assert.True(retired.IsRetired);
        Assert.Equal("model-already-retired", second.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_model_when_retired_before_its_release_then_retirement_after_release_refuses_it()
    {
        var decision = ModelDecider.Decide(Given(Announced), new RetireModel("deepseek-r1", ReleasedOn.AddDays(-3), "typo", Source));

        Assert.Equal("retirement-after-release", decision.Rejection?.Rule);
    }

    [Fact]
    public void Given_a_model_when_corrected_then_the_correction_names_the_changed_fields_and_replaces_the_details()
    {
        var fixedDetails = R1 with { ReleasedOn = new DateOnly(2025, 1, 21), OriginCountries = ["CN", "HK"] };

        var decision = ModelDecider.Decide(Given(Announced), new CorrectModelDetails("deepseek-r1", fixedDetails, "date was off by one", Source));

        var corrected = Assert.IsType<ModelDetailsCorrected>(Assert.Single(decision.Events));
        Assert.Equal(["originCountries", "releasedOn"], corrected.CorrectedFields);
        Assert.Equal(fixedDetails, ModelDecider.Evolve(Given(Announced), corrected)!.Details);
    }

    [Fact]
    public void Given_a_model_when_corrected_to_the_same_details_then_nothing_is_recorded()
    {
        var decision = ModelDecider.Decide(Given(Announced), new CorrectModelDetails("deepseek-r1", R1 with { OriginCountries = ["CN"] }, "re-import", Source));

        Assert.Null(decision.Rejection);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Given_a_retired_model_when_corrected_to_a_release_after_retirement_then_release_before_retirement_refuses_it()
    {
        var retired = Given(Announced, new ModelRetired("deepseek-r1", new DateOnly(2025, 6, 1), "superseded", Source));

        var decision = ModelDecider.Decide(retired, new CorrectModelDetails("deepseek-r1", R1 with { ReleasedOn = new DateOnly(2025, 7, 1) }, "wrong year", Source));

        Assert.Equal("release-before-retirement", decision.Rejection?.Rule);
    }
}
