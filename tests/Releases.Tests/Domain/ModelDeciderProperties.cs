using System.Diagnostics;
using CsCheck;
using Intelligence.Platform.Domain;
using Intelligence.Releases.Domain;
using Intelligence.TestSupport;

using Step = Intelligence.TestSupport.DeciderStep<Intelligence.Releases.Domain.Model, object, Intelligence.Releases.Domain.IModelEvent>;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>
/// Properties of <see cref="ModelDecider"/> over generated command sequences: odd text, dates at the ends of the
/// calendar, repeated and contradictory commands. Each sequence starts with an announcement (the other commands
/// need a model: without one the caller answers 404) and folds the events of every accepted command.
/// </summary>
public sealed partial class ModelDeciderProperties
{
    private const long Sequences = 1500;
    private const string Id = "deepseek-r1";
    private static readonly DateOnly Around = new(2025, 1, 20);

    private static readonly Gen<string> Texts = Gen.Frequency(
        (3, Gen.OneOf("DeepSeek-R1", "Qwen 2.5", "https://example.org/a")),
        (2, Gen.OneOf(string.Empty, " ", "\t\r\n", "\0", "\uFEFF", "\u200B", "e\u0301", "中文模型", "🤖", "\uD800", "a,\"b\"", new string('x', 10_000))),
        (2, Gen.Char.Array[0, 30].Select(chars => new string(chars))));

    /// <summary>Mostly near one release date, so access changes and retirements fall on both sides of it; sometimes the calendar's ends.</summary>
    private static readonly Gen<DateOnly> Dates = Gen.Frequency(
        (1, Gen.OneOf(DateOnly.MinValue, DateOnly.MinValue.AddDays(1), DateOnly.MaxValue.AddDays(-1), DateOnly.MaxValue)),
        (8, Gen.Int[-90, 90].Select(days => Around.AddDays(days))));

    /// <summary>Few values, so a command often repeats what the model already says.</summary>
    private static readonly Gen<Access> Accesses = Gen.Select(
        Gen.Bool, Gen.OneOf("MIT", "proprietary", string.Empty), Gen.Enum<FreeAccess>(), Gen.OneOf<bool?>(null, true, false),
        (open, licence, free, api) => new Access(open, licence, free, api));

    private static readonly Gen<IReadOnlyList<string>> Countries = Gen.OneOf<IReadOnlyList<string>>(["CN"], ["US", "GB"], [], ["ZZ"]);

    private static readonly Gen<ModelDetails> Details = Gen.Select(
        Texts, Gen.OneOf(new Organization("deepseek", "DeepSeek", "CN"), new Organization(string.Empty, "\0", "XX")), Countries, Dates,
        Gen.Enum<DateBasis>(), Accesses, Gen.OneOf<long?>(null, 0, -1, 671_000_000_000, long.MaxValue), Gen.Enum<Confidence>())
        .Select(parts => new ModelDetails(parts.Item1, parts.Item2, parts.Item3, parts.Item4, parts.Item5, parts.Item6, ["text"], parts.Item7, parts.Item8));

    private static readonly Gen<object> Commands = Gen.Frequency(
        (1, Details.Select(details => (object)new AnnounceModel(Id, details, "https://example.org/announce"))),
        (4, Gen.Select(Dates, Accesses, Texts.Null(), Texts, (on, access, note, source) => (object)new ChangeModelAccess(Id, on, access, note, source))),
        (3, Gen.Select(Details, Texts, Texts, (details, reason, source) => (object)new CorrectModelDetails(Id, details, reason, source))),
        (2, Gen.Select(Dates, Texts, Texts, (on, reason, source) => (object)new RetireModel(Id, on, reason, source))));

    private static readonly Gen<object[]> Histories = Gen.Select(
        Details, Commands.Array[0, 25], (first, rest) => (object[])[new AnnounceModel(Id, first, "https://example.org/first"), .. rest]);

    private static Decision<IModelEvent> Decide(Model? state, object command) => command switch
    {
        AnnounceModel announce => ModelDecider.Decide(state, announce),
        ChangeModelAccess change => ModelDecider.Decide(state!, change),
        CorrectModelDetails correct => ModelDecider.Decide(state!, correct),
        RetireModel retire => ModelDecider.Decide(state!, retire),
        _ => throw new UnreachableException(command.GetType().Name),
    };

    private static void Check(Action<List<Step>> property) => DeciderProperties.Check("releases", Histories, Sequences, Decide, ModelDecider.Evolve, property);

    [Fact]
    public void Decide_never_throws_and_a_rejection_stores_nothing_and_names_its_rule() => Check(steps =>
    {
        DeciderProperties.AssertRejectionsStoreNothingAndNameTheirRule(steps);
    });

    [Fact]
    public void Folding_every_accepted_event_from_nothing_gives_the_state_built_step_by_step() => Check(steps =>
    {
        var events = steps.SelectMany(step => step.Decision.Events).ToList();

        var rebuilt = events.Aggregate((Model?)null, ModelDecider.Evolve);

        Assert.Equal(steps[^1].After, rebuilt);
        Assert.Equal(rebuilt, events.Aggregate((Model?)null, ModelDecider.Evolve));
        Assert.IsType<ModelAnnounced>(events[0]);
        Assert.DoesNotContain(events.Skip(1), e => e is ModelAnnounced);
        Assert.All(events, e => Assert.Equal(Id, e.ModelId));
    });

    [Fact]
    public void A_retired_model_keeps_its_retirement_takes_no_access_change_and_was_released_on_or_before_it() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Before is { IsRetired: true }))
        {
            Assert.Equal(step.Before!.RetiredOn, step.After!.RetiredOn);
            switch (step.Command)
            {
                case ChangeModelAccess:
                    Assert.Equal("model-retired", step.Decision.Rejection?.Rule);
                    break;
                case RetireModel:
                    Assert.Equal("model-already-retired", step.Decision.Rejection?.Rule);
                    break;
            }
        }

        Assert.All(steps, step => Assert.True(step.After!.RetiredOn is not { } retiredOn || step.After.Details.ReleasedOn <= retiredOn));
    });

    [Fact]
    public void Access_changes_and_retirements_are_never_dated_before_the_release() => Check(steps =>
    {
        foreach (var step in steps.Skip(1))
        {
            var releasedOn = step.Before!.Details.ReleasedOn;
            foreach (var @event in step.Decision.Events)
            {
                switch (@event)
                {
                    case ModelAccessChanged changed:
                        Assert.True(changed.EffectiveOn >= releasedOn);
                        break;
                    case ModelRetired retired:
                        Assert.True(retired.RetiredOn >= releasedOn);
                        break;
                    case ModelDetailsCorrected corrected:
                        Assert.NotEmpty(corrected.CorrectedFields);
                        break;
                }
            }
        }
    });

    [Fact]
    public void A_command_that_repeats_what_the_model_already_says_stores_nothing() => Check(steps =>
    {
        foreach (var step in steps.Where(step => step.Decision.Rejection is null))
        {
            var again = Decide(step.After, step.Command);
            switch (step.Command)
            {
                case AnnounceModel:
                    Assert.Equal("model-id-unique", again.Rejection?.Rule);
                    break;
                case RetireModel:
                    Assert.Equal("model-already-retired", again.Rejection?.Rule);
                    break;
                default:
                    Assert.Null(again.Rejection);
                    Assert.Empty(again.Events);
                    break;
            }
        }

        var model = steps[^1].After!;
        Assert.Empty(ModelDecider.Decide(model, new CorrectModelDetails(Id, model.Details, "re-import", "https://example.org")).Events);
    });
}
