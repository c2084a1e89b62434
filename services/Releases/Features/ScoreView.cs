using Intelligence.Contracts;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;

namespace Intelligence.Releases.Features;

/// <summary>A benchmark as answers show it: its kind (a known key, or other with the source's label) and its scale.</summary>
/// <param name="Key">The known benchmark's key, or the key of an other benchmark's label (what queries filter on).</param>
/// <param name="Kind">The known benchmark's key, or <c>other</c>.</param>
/// <param name="Unit">rating or percent; null for an other benchmark, whose scale is not known.</param>
public sealed record BenchmarkView(string Key, string Kind, string Name, string? Label, string? Unit, decimal? Min, decimal? Max, bool HigherIsBetter)
{
    public static BenchmarkView Of(string key, string? label) => Benchmarks.Find(key) is { } known && label is null
        ? new BenchmarkView(known.Key, known.Key, known.Name, null, KebabCase.Name(known.Unit), known.Min, known.Max, HigherIsBetter: true)
        : new BenchmarkView(key, Benchmarks.Other, label ?? key, label, null, null, null, HigherIsBetter: true);
}

/// <summary>One dated score.</summary>
/// <param name="Confidence">high, medium or low; or other, named by <paramref name="ConfidenceLabel"/> (none when not stated).</param>
public sealed record MeasurementView(DateOnly MeasuredOn, decimal Score, string Source, string Confidence, string? ConfidenceLabel, string? Note)
{
    public static MeasurementView Of(ScoreMeasurement measurement) => new(
        measurement.MeasuredOn, measurement.Score, measurement.Source, KebabCase.Name(measurement.Confidence), measurement.ConfidenceLabel, measurement.Note);
}

/// <summary>A model's score history on one benchmark: every measurement in date order, the latest, and the stream's version.</summary>
/// <param name="Id">The score stream's id (<c>score:{benchmark}:{model}[:{variant}]</c>).</param>
/// <param name="Variant">The member of the release the scores are of, when the release names several models.</param>
public sealed record ScoreSeriesView(
    string Id, string ModelId, BenchmarkView Benchmark, string? Variant, MeasurementView Latest, IReadOnlyList<MeasurementView> Measurements, long Version)
{
    public static ScoreSeriesView From(string id, ScoreHistory state, long version) => new(
        id,
        state.ModelId,
        BenchmarkView.Of(state.Benchmark, state.BenchmarkLabel),
        state.Variant,
        MeasurementView.Of(state.Latest),
        [.. state.Measurements.Select(MeasurementView.Of)],
        version);

    public static ScoreSeriesView From(ScoreSeries series) => From(series.Id, series.State, series.StreamVersion);
}
