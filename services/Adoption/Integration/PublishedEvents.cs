using Intelligence.Adoption.Domain;
using Intelligence.Contracts;
using Intelligence.Platform.Messaging;
using JasperFx.Events;
using Contract = Intelligence.Contracts.Adoption;

namespace Intelligence.Adoption.Integration;

/// <summary>The adoption service's published language: which stored events other services hear about, and how.</summary>
internal sealed class PublishedEvents : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored) => stored.Data switch
    {
        ObservationRecorded e => new Contract.AdoptionObserved(
            stored.Id, e.SeriesId, stored.Version, e.Observation.ObservedOn, stored.Timestamp, e.Source, e.Observation.Id,
            e.Key.Subject.Id, e.Key.Subject.Name, Vocabulary.Text(e.Key.Subject.Kind), e.Key.Subject.OrganizationId, e.Key.Subject.OrganizationName,
            Vocabulary.Text(e.Key.Metric), e.Key.Region, e.Observation.Value, Vocabulary.Text(e.Observation.Unit), Vocabulary.Text(e.Observation.Bound),
            e.Observation.Period, Vocabulary.Text(e.Observation.MeasurementType), Vocabulary.Text(e.Observation.Confidence))
        {
            MetricLabel = e.Key.MetricLabel,
            RegionLabel = e.Key.RegionLabel,
            UnitLabel = e.Observation.UnitLabel,
            MeasurementTypeLabel = e.Observation.MeasurementTypeLabel,
            ConfidenceLabel = e.Observation.ConfidenceLabel,
        },
        ObservationCorrected e => new Contract.AdoptionCorrected(
            stored.Id, e.SeriesId, stored.Version, e.Observation.ObservedOn, stored.Timestamp, e.Source, e.Observation.Id, e.Reason, e.CorrectedFields,
            e.Key.Subject.Id, Vocabulary.Text(e.Key.Metric), e.Key.Region, e.Observation.Value, Vocabulary.Text(e.Observation.Unit),
            Vocabulary.Text(e.Observation.Bound), e.Observation.Period, Vocabulary.Text(e.Observation.MeasurementType),
            Vocabulary.Text(e.Observation.Confidence), e.Observation.Source)
        {
            MetricLabel = e.Key.MetricLabel,
            RegionLabel = e.Key.RegionLabel,
            UnitLabel = e.Observation.UnitLabel,
            MeasurementTypeLabel = e.Observation.MeasurementTypeLabel,
            ConfidenceLabel = e.Observation.ConfidenceLabel,
        },
        ObservationRetracted e => new Contract.AdoptionRetracted(
            stored.Id, e.SeriesId, stored.Version, e.ObservedOn, stored.Timestamp, e.Source, e.ObservationId,
            e.Key.Subject.Id, Vocabulary.Text(e.Key.Metric), e.Key.Region, e.Reason)
        {
            MetricLabel = e.Key.MetricLabel,
            RegionLabel = e.Key.RegionLabel,
        },
        MilestoneReached e => new Contract.AdoptionMilestoneReached(
            stored.Id, e.SeriesId, stored.Version, e.ReachedOn, stored.Timestamp, e.Source, e.Key.Subject.Id, e.Key.Subject.Name,
            Vocabulary.Text(e.Key.Metric), e.Key.Region, e.Threshold, e.Value, e.ObservationId)
        {
            MetricLabel = e.Key.MetricLabel,
            RegionLabel = e.Key.RegionLabel,
        },
        _ => null,
    };
}
