using Intelligence.Contracts;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Messaging;
using Intelligence.Releases.Domain;
using JasperFx.Events;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Releases.Integration;

/// <summary>The releases service's published language: which stored events other services hear about, and how.</summary>
internal sealed class PublishedEvents(Countries countries) : IIntegrationEventMap
{
    public IIntegrationEvent? ToIntegrationEvent(IEvent stored) => stored.Data switch
    {
        ModelAnnounced e => new Contract.ModelReleased(
            stored.Id, e.ModelId, stored.Version, e.Details.ReleasedOn, stored.Timestamp, e.Source,
            e.Details.Name, e.Details.Organization.Id, e.Details.Organization.Name, e.Details.Organization.HomeCountry,
            e.Details.OriginCountries, Origins.BlocOf(countries, e.Details.OriginCountries[0]), Text(e.Details.DateBasis),
            e.Details.Access.OpenWeights, e.Details.Access.Licence, Text(e.Details.Access.FreeAccess), e.Details.Access.ApiAvailable,
            e.Details.Modalities, e.Details.ParameterCount, Text(e.Details.Confidence))
        {
            DateBasisLabel = e.Details.DateBasisLabel,
            OpenWeightsLabel = e.Details.Access.OpenWeightsLabel,
            FreeAccessLabel = e.Details.Access.FreeAccessLabel,
            ConfidenceLabel = e.Details.ConfidenceLabel,
            Provenance = e.Provenance,
        },
        ModelAccessChanged e => new Contract.ModelAccessChanged(
            stored.Id, e.ModelId, stored.Version, e.EffectiveOn, stored.Timestamp, e.Source,
            e.Access.OpenWeights, e.Access.Licence, Text(e.Access.FreeAccess), e.Access.ApiAvailable, e.Note)
        {
            OpenWeightsLabel = e.Access.OpenWeightsLabel,
            FreeAccessLabel = e.Access.FreeAccessLabel,
        },
        ModelDetailsCorrected e => new Contract.ModelDetailsCorrected(
            stored.Id, e.ModelId, stored.Version, stored.Timestamp, e.Source, e.Reason, e.CorrectedFields,
            e.Details.Name, e.Details.Organization.Id, e.Details.Organization.Name, e.Details.Organization.HomeCountry,
            e.Details.OriginCountries, Origins.BlocOf(countries, e.Details.OriginCountries[0]), e.Details.ReleasedOn, Text(e.Details.DateBasis),
            e.Details.Access.OpenWeights, e.Details.Access.Licence, Text(e.Details.Access.FreeAccess), e.Details.Access.ApiAvailable,
            e.Details.Modalities, e.Details.ParameterCount, Text(e.Details.Confidence))
        {
            DateBasisLabel = e.Details.DateBasisLabel,
            OpenWeightsLabel = e.Details.Access.OpenWeightsLabel,
            FreeAccessLabel = e.Details.Access.FreeAccessLabel,
            ConfidenceLabel = e.Details.ConfidenceLabel,
            Provenance = e.Provenance,
        },
        ModelRetired e => new Contract.ModelRetired(stored.Id, e.ModelId, stored.Version, e.RetiredOn, stored.Timestamp, e.Source, e.Reason),
        BenchmarkScoreRecorded e => Score(stored, e),
        _ => null,
    };

    private static Contract.BenchmarkScoreRecorded Score(IEvent stored, BenchmarkScoreRecorded e)
    {
        var known = e.BenchmarkLabel is null ? Benchmarks.Find(e.Benchmark) : null;
        return new Contract.BenchmarkScoreRecorded(
            stored.Id, stored.StreamKey!, stored.Version, e.MeasuredOn, stored.Timestamp, e.Source, e.ModelId,
            known?.Key ?? Benchmarks.Other, e.Benchmark, known?.Name ?? e.BenchmarkLabel ?? e.Benchmark, e.Score,
            known is null ? null : Text(known.Unit), known?.Min, known?.Max, Text(e.Confidence))
        {
            BenchmarkLabel = e.BenchmarkLabel,
            Variant = e.Variant,
            ConfidenceLabel = e.ConfidenceLabel,
            Note = e.Note,
        };
    }

    /// <summary>Enum values travel as kebab-case text ("weights-release", "not-applicable"), readable outside .NET.</summary>
    private static string Text<TEnum>(TEnum value)
        where TEnum : struct, Enum => KebabCase.Name(value);
}
