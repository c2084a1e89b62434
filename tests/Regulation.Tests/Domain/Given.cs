using Intelligence.Regulation.Domain;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>Builds the facts and histories the state machine tests start from.</summary>
internal static class Given
{
    public const string Id = "eu-aiact";
    public const string Source = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj";

    public static readonly MeasureDetails AiAct = new("AI Act", "EU", InstrumentType.Law, ["frontier-models", "generative-ai-services"], Direction.Restrictive);

    public static TimelineEntry Fact(LifecycleStep step, string date, RevocationKind? kind = null) => new(
        step,
        DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
        Source,
        Form: step == LifecycleStep.Adopted ? AdoptionForm.Published : null,
        Kind: step == LifecycleStep.Revoked ? kind ?? RevocationKind.Revoked : null,
        LinkedMeasureId: step == LifecycleStep.Amended ? "eu-omnibus" : null);

    public static RecordLifecycleEvent Record(TimelineEntry fact, MeasureDetails? details = null) => new(Id, details ?? AiAct, fact);

    /// <summary>The measure the facts add up to, each recorded through the decider (so the history is one it allows).</summary>
    public static Measure History(params TimelineEntry[] facts)
    {
        Measure? state = null;
        foreach (var fact in facts)
        {
            var decision = MeasureDecider.Decide(state, Record(fact));
            Assert.Null(decision.Rejection);
            state = decision.Events.Aggregate(state, MeasureDecider.Evolve);
        }

        return state!;
    }

    /// <summary>A history that leaves the measure in <paramref name="status"/>, all before 2024-06-01.</summary>
    public static Measure In(MeasureStatus status) => status switch
    {
        MeasureStatus.Proposed => History(Fact(LifecycleStep.Proposed, "2021-04-21")),
        MeasureStatus.Agreed => History(Fact(LifecycleStep.Proposed, "2021-04-21"), Fact(LifecycleStep.PoliticallyAgreed, "2023-12-08")),
        MeasureStatus.Adopted => History(Fact(LifecycleStep.PoliticallyAgreed, "2023-12-08"), Fact(LifecycleStep.Adopted, "2024-03-13")),
        MeasureStatus.InForce => History(Fact(LifecycleStep.Adopted, "2024-03-13"), Fact(LifecycleStep.EnteredIntoForce, "2024-04-01")),
        MeasureStatus.Suspended => History(Fact(LifecycleStep.EnteredIntoForce, "2024-04-01"), Fact(LifecycleStep.Suspended, "2024-05-01")),
        MeasureStatus.Lifted => History(Fact(LifecycleStep.EnteredIntoForce, "2024-04-01"), Fact(LifecycleStep.Lifted, "2024-05-01")),
        MeasureStatus.Revoked => History(Fact(LifecycleStep.Adopted, "2024-03-13"), Fact(LifecycleStep.Revoked, "2024-05-01")),
        MeasureStatus.Vetoed => History(Fact(LifecycleStep.Proposed, "2024-02-01"), Fact(LifecycleStep.Revoked, "2024-05-01", RevocationKind.Vetoed)),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "No history leads to it."),
    };
}
