using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Import;

namespace Intelligence.Regulation.Tests.Import;

/// <summary>How the messy values of the reference file are read.</summary>
public sealed class RegulationRowTests
{
    [Theory]
    [InlineData("China", "CN")]
    [InlineData("Italy", "IT")]
    [InlineData("UK", "GB")]
    [InlineData("EU", "EU")]
    [InlineData("South Korea", "KR")]
    [InlineData("us-ca", "US-CA")]
    [InlineData("US (Colorado)", "US-CO")]
    [InlineData("US (California)", "US-CA")]
    [InlineData("International (UK host; 28 countries + EU incl. US and China)", "INTL")]
    public void Jurisdictions_are_read_as_codes(string text, string code)
    {
        Assert.Equal((code, null), JurisdictionNames.Default.Read(text));
    }

    [Theory]
    [InlineData("US/UK", "names 2 countries")]
    [InlineData("Atlantis", "'Atlantis' is not a known country")]
    [InlineData("US (Atlantis)", "'Atlantis' is not a known subdivision of US")]
    public void Unreadable_jurisdictions_say_why(string text, string reason)
    {
        var (code, error) = JurisdictionNames.Default.Read(text);

        Assert.Null(code);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("in_force", LifecycleStep.EnteredIntoForce, null, null)]
    [InlineData("political_agreement", LifecycleStep.PoliticallyAgreed, null, null)]
    [InlineData("signed", LifecycleStep.Adopted, AdoptionForm.Signed, null)]
    [InlineData("passed", LifecycleStep.Adopted, AdoptionForm.Passed, null)]
    [InlineData("published", LifecycleStep.Adopted, AdoptionForm.Published, null)]
    [InlineData("issued", LifecycleStep.Adopted, AdoptionForm.Issued, null)]
    [InlineData("announced", LifecycleStep.Adopted, AdoptionForm.Issued, null)]
    [InlineData("approved", LifecycleStep.Adopted, AdoptionForm.Adopted, null)]
    [InlineData("applies", LifecycleStep.ApplicationStarted, null, null)]
    [InlineData("rescinded", LifecycleStep.Revoked, null, RevocationKind.Rescinded)]
    [InlineData("vetoed", LifecycleStep.Revoked, null, RevocationKind.Vetoed)]
    [InlineData("repealed", LifecycleStep.Revoked, null, RevocationKind.Repealed)]
    [InlineData("lifted", LifecycleStep.Lifted, null, null)]
    [InlineData("suspended", LifecycleStep.Suspended, null, null)]
    [InlineData("proposed", LifecycleStep.Proposed, null, null)]
    public void Event_types_are_read_as_lifecycle_steps(string text, LifecycleStep step, AdoptionForm? form, RevocationKind? kind)
    {
        Assert.Equal(new StepKind(step, form, kind), Vocabulary.ReadStep(text).Kind);
    }

    [Theory]
    [InlineData("regulation (CAC/MIIT/MPS)", InstrumentType.Regulation, false)]
    [InlineData("law (regulation)", InstrumentType.Law, false)]
    [InlineData("export control (IFR)", InstrumentType.ExportControl, false)]
    [InlineData("enforcement (data protection)", InstrumentType.EnforcementAction, false)]
    [InlineData("policy paper", InstrumentType.Strategy, true)]
    [InlineData("voluntary commitment", InstrumentType.Guidance, true)]
    [InlineData("state bill", InstrumentType.Law, true)]
    [InlineData("funding programme", InstrumentType.FundingProgramme, false)]
    [InlineData("government directive", InstrumentType.GovernmentDirective, false)]
    [InlineData("international declaration", InstrumentType.InternationalDeclaration, false)]
    public void Instrument_types_are_read_and_loose_readings_noted(string text, InstrumentType type, bool noted)
    {
        var reading = Vocabulary.ReadType(text);

        Assert.Equal(type, reading.Kind);
        Assert.Equal(noted, reading.Note("instrument_type") is not null);
    }

    [Theory]
    [InlineData("proposed", "proposal (amending regulation)", "eu-aiact", "eu-aiact", null)]
    [InlineData("published", "proposal (amending regulation)", "eu-aiact", "eu-aiact", "event_type 'published' read as proposed: instrument_type 'proposal (amending regulation)' is a proposal")]
    [InlineData("amendment proposed", "regulation", "eu-aiact", "eu-aiact", null)]
    [InlineData("proposed", "proposal (amending regulation)", null, null, "an amending proposal without related_instrument_id naming the measure it amends: kept as its own measure, proposed")]
    [InlineData("amendment proposed", "regulation", "eu-omnibus", null, "an amending proposal without related_instrument_id naming the measure it amends: kept as its own measure, proposed")]
    [InlineData("proposed", "proposal", "eu-aiact", null, null)]
    public void An_amending_proposal_is_the_proposals_own_proposed_step_naming_the_measure_it_amends(
        string eventType, string instrumentType, string? related, string? amends, string? note)
    {
        var notes = new List<string>();

        var (step, amended) = RegulationRow.ReadStep(eventType, instrumentType, "eu-omnibus", related, notes);

        Assert.Equal((LifecycleStep.Proposed, amends), (step.Step, amended));
        Assert.Equal(note is null ? [] : [note], notes);
    }

    [Fact]
    public void A_direction_against_chinese_ai_is_restrictive_and_targets_foreign_ai_apps()
    {
        var targets = new SortedSet<string>();
        var notes = new List<string>();

        Assert.Equal(Direction.Restrictive, RegulationRow.ReadDirection("restrictive (vs Chinese AI)", targets, notes).Kind);
        Assert.Equal(["foreign-ai-apps"], targets);
        Assert.Single(notes);
    }

    [Theory]
    [InlineData("mixed (promotion + trust)", Direction.Governance)]
    [InlineData("deregulatory / retargeted", Direction.Deregulatory)]
    [InlineData("countermeasure", Direction.Countermeasure)]
    public void Loose_directions_are_read(string text, Direction direction)
    {
        Assert.Equal(direction, Vocabulary.ReadDirection(text).Kind);
    }

    [Theory]
    [InlineData("advanced AI chips (A100-class) and SME to China", "chips-and-hardware")]
    [InlineData("deep synthesis / deepfake services; labeling, algorithm filing", "deepfakes-and-labelling")]
    [InlineData("dual-use foundation models >1e26 FLOP reporting", "frontier-models")]
    [InlineData("high-risk AI in consequential decisions", "high-risk-ai")]
    [InlineData("dual-use critical minerals", "critical-minerals")]
    public void Targets_are_read_from_the_free_text(string scope, string tag)
    {
        var targets = new SortedSet<string>();

        RegulationRow.ReadTargets(scope, "A measure", targets);

        Assert.Contains(tag, targets);
    }

    [Theory]
    [InlineData("effective 2023-11-17", "2023-11-17")]
    [InlineData("entry into force 2024-08-01", "2024-08-01")]
    [InlineData("promulgated 2025-01-21; effective 2026-01-22", "2026-01-22")]
    [InlineData("original effective 2026-02-01; delayed by 2025 special session", null)]
    [InlineData("revoked 2025-01-20 by EO 14148", null)]
    public void An_entry_into_force_is_read_from_related_dates_but_not_an_original_one(string related, string? date)
    {
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), RegulationRow.EffectiveFrom(related));
    }
}
