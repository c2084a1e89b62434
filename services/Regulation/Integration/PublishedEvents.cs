using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Regulation.Domain;
using JasperFx.Events;
using Contract = Intelligence.Contracts.Regulation;

namespace Intelligence.Regulation.Integration;

/// <summary>
/// The regulation service's published language: one integration event per lifecycle step, each with the labels the
/// source used beside the kinds (the type, the direction, the step).
/// </summary>
internal sealed class PublishedEvents(Countries countries) : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored)
    {
        if (stored.Data is not ILifecycleEvent e)
        {
            return null;
        }

        var m = e.Measure;
        var bloc = Jurisdictions.BlocOf(m.Jurisdiction, countries);
        var (type, direction) = (Text(m.Type), Text(m.Direction));
        return e switch
        {
            MeasureProposed => new Contract.MeasureProposed(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasurePoliticallyAgreed => new Contract.MeasurePoliticallyAgreed(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureAdopted adopted => new Contract.MeasureAdopted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, Text(adopted.Form))
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureEnteredIntoForce => new Contract.MeasureEnteredIntoForce(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureApplicationStarted started => new Contract.MeasureApplicationStarted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, started.Stage)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureAmended amended => new Contract.MeasureAmended(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, amended.AmendedBy)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureSuspended => new Contract.MeasureSuspended(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureLifted => new Contract.MeasureLifted(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureRevoked revoked => new Contract.MeasureRevoked(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, Text(revoked.Kind), revoked.RevokedBy)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureAmendmentProposed proposed => new Contract.MeasureAmendmentProposed(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note, proposed.ProposalId, proposed.ProposalTitle)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            MeasureOtherStepRecorded => new Contract.MeasureOtherStepRecorded(
                stored.Id, e.MeasureId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source, m.Title, m.Jurisdiction, bloc, type, m.Targets, direction, e.Note)
            {
                TypeLabel = m.TypeLabel,
                DirectionLabel = m.DirectionLabel,
                StepLabel = e.StepLabel,
            },
            _ => null,
        };
    }

    /// <summary>Enum values travel as kebab-case text ("executive-order", "export-control"), readable outside .NET.</summary>
    internal static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => KebabCase.Name(value);
}
