using Intelligence.Regulation.Domain;

namespace Intelligence.Regulation.Tests.Domain;

/// <summary>The open vocabulary: the documented labels read as their kinds, any other label kept as other with its words.</summary>
public sealed class VocabularyTests
{
    [Theory]
    [InlineData("strategy", InstrumentType.Strategy, LabelFit.Literal)]
    [InlineData("national strategy", InstrumentType.Strategy, LabelFit.Mapped)]
    [InlineData("action plan", InstrumentType.Strategy, LabelFit.Mapped)]
    [InlineData("AI action plan", InstrumentType.Strategy, LabelFit.Mapped)]
    [InlineData("executive order", InstrumentType.ExecutiveOrder, LabelFit.Literal)]
    [InlineData("executive orders", InstrumentType.ExecutiveOrder, LabelFit.Mapped)]
    [InlineData("guidance", InstrumentType.Guidance, LabelFit.Literal)]
    [InlineData("guidelines", InstrumentType.Guidance, LabelFit.Mapped)]
    [InlineData("recommendation", InstrumentType.Guidance, LabelFit.Mapped)]
    [InlineData("international declaration", InstrumentType.InternationalDeclaration, LabelFit.Literal)]
    [InlineData("international initiative", InstrumentType.InternationalDeclaration, LabelFit.Mapped)]
    [InlineData("International_Plan", InstrumentType.InternationalDeclaration, LabelFit.Mapped)]
    [InlineData("communiqué", InstrumentType.InternationalDeclaration, LabelFit.Mapped)]
    [InlineData("proposal (amending regulation)", InstrumentType.Regulation, LabelFit.Mapped)]
    [InlineData("proposal (amending directive)", InstrumentType.GovernmentDirective, LabelFit.Mapped)]
    [InlineData("amending proposal", InstrumentType.Other, LabelFit.Other)]
    [InlineData("export control (IFR)", InstrumentType.ExportControl, LabelFit.Literal)]
    public void Each_documented_instrument_label_reads_as_its_kind(string label, InstrumentType kind, LabelFit fit)
    {
        var reading = Vocabulary.ReadType(label);

        Assert.Equal((kind, fit, label), (reading.Kind, reading.Fit, reading.Label));
    }

    [Theory]
    [InlineData("decree")]
    [InlineData("sandbox charter")]
    [InlineData("")]
    public void An_instrument_label_no_mapping_covers_is_kept_as_other_with_its_words(string label)
    {
        var reading = Vocabulary.ReadType($"  {label} ");

        Assert.Equal((InstrumentType.Other, LabelFit.Other, label), (reading.Kind, reading.Fit, reading.Label));
        Assert.Equal($"instrument_type '{label}' normalised: kept as other", reading.Note("instrument_type"));
    }

    [Theory]
    [InlineData("strategy + executive orders", InstrumentType.Strategy, "strategy")]
    [InlineData("memorandum / executive orders", InstrumentType.ExecutiveOrder, "executive orders")]
    [InlineData("roadmap and guidelines", InstrumentType.Guidance, "guidelines")]
    public void A_compound_instrument_label_reads_as_its_first_recognised_part_and_says_so(string label, InstrumentType kind, string part)
    {
        var reading = Vocabulary.ReadType(label);

        Assert.Equal((kind, LabelFit.FirstPart, part), (reading.Kind, reading.Fit, reading.Part));
        Assert.Equal(
            $"instrument_type '{label}' read as {Vocabulary.Text(kind)}: '{part}' is the first recognised part of the compound label",
            reading.Note("instrument_type"));
    }

    [Theory]
    [InlineData("proposal (amending regulation)", true, true)]
    [InlineData("amending proposal", true, true)]
    [InlineData("proposal", true, false)]
    [InlineData("regulation (amending)", false, false)]
    [InlineData("strategy", false, false)]
    public void A_proposal_and_whether_it_amends_another_measure_are_read_from_the_instrument_type(string label, bool proposal, bool amending)
    {
        Assert.Equal((proposal, amending), Vocabulary.ProposalIn(label));
    }

    [Theory]
    [InlineData("amendment proposed", LifecycleStep.AmendmentProposed, LabelFit.Literal)]
    [InlineData("proposed_amendment", LifecycleStep.AmendmentProposed, LabelFit.Mapped)]
    [InlineData("launched", LifecycleStep.Adopted, LabelFit.Mapped)]
    [InlineData("signed + in force", LifecycleStep.Adopted, LabelFit.FirstPart)]
    [InlineData("consultation launched", LifecycleStep.Other, LabelFit.Other)]
    public void Event_labels_read_as_steps_or_are_kept_as_other(string label, LifecycleStep step, LabelFit fit)
    {
        var reading = Vocabulary.ReadStep(label);

        Assert.Equal((step, fit, label), (reading.Kind.Step, reading.Fit, reading.Label));
    }

    [Fact]
    public void An_unknown_event_label_is_noted_as_kept_as_other()
    {
        Assert.Equal("event_type 'court challenge filed' normalised: kept as other", Vocabulary.ReadStep("court challenge filed").Note("event_type"));
    }

    [Theory]
    [InlineData("pro-innovation", Direction.Other, "direction 'pro-innovation' normalised: kept as other")]
    [InlineData("restrictive (vs Chinese AI)", Direction.Restrictive, "direction 'restrictive (vs Chinese AI)' read as restrictive")]
    [InlineData("restrictive", Direction.Restrictive, null)]
    [InlineData("supportive + promotional", Direction.Promotional, "direction 'supportive + promotional' read as promotional: 'promotional' is the first recognised part of the compound label")]
    public void Direction_labels_read_as_directions_or_are_kept_as_other(string label, Direction direction, string? note)
    {
        var reading = Vocabulary.ReadDirection(label);

        Assert.Equal((direction, label), (reading.Kind, reading.Label));
        Assert.Equal(note, reading.Note("direction"));
    }
}
