using Intelligence.Pricing.Domain;
using Releases = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Projections;

/// <summary>
/// The pricing service's replica of a model's score history on one benchmark (for one variant of a release that names
/// several models), from the releases service's <see cref="Releases.BenchmarkScoreRecorded"/> events: one document per
/// score stream, its id the stream's. <see cref="Benchmark"/> and <see cref="ModelId"/> are indexed, so the quality
/// reads load the histories of one benchmark, then the offerings of the models they name, never every offering.
/// </summary>
/// <param name="Benchmark">The key scores are grouped by: the known benchmark's key, or the key of an other benchmark's label.</param>
/// <param name="BenchmarkKind">The known benchmark's key, or other.</param>
/// <param name="Unit">rating or percent; null for an other benchmark.</param>
/// <param name="Points">The dated scores, in date order.</param>
public sealed record ModelScore(
    string Id,
    string ModelId,
    string Benchmark,
    string BenchmarkKind,
    string BenchmarkName,
    string? BenchmarkLabel,
    string? Unit,
    decimal? ScaleMin,
    decimal? ScaleMax,
    string? Variant,
    IReadOnlyList<ScorePoint> Points)
{
    public const string Rating = "rating";

    /// <summary>
    /// The quality reads (price-performance and its gap), whose answers per day (<see cref="Platform.EventStore.DayCells"/>)
    /// a change of scores, of API offerings that name a model, or of the catalog replica makes stale.
    /// </summary>
    public const string QualityRead = "price-performance";

    public static ModelScore From(Releases.BenchmarkScoreRecorded e) => new(
        e.ScoreId, e.ModelId, e.BenchmarkKey, e.Benchmark, e.BenchmarkName, e.BenchmarkLabel, e.Unit, e.ScaleMin, e.ScaleMax, e.Variant, [PointOf(e)]);

    /// <summary>The history with the event's score; the same document when the event adds nothing (a redelivery, or an older event for a date corrected since).</summary>
    public ModelScore With(Releases.BenchmarkScoreRecorded e) =>
        Quality.With(Points, PointOf(e)) is var points && ReferenceEquals(points, Points) ? this : this with { Points = points };

    private static ScorePoint PointOf(Releases.BenchmarkScoreRecorded e) =>
        new(e.MeasuredOn, e.Score, e.Source, e.Confidence, e.ConfidenceLabel, e.Note, e.StreamVersion);
}
