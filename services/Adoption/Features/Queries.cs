using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// The values a board compares: each series' latest standing observation on or before a date, all in one unit, with
/// the labels of what the board is of (as the series hold them).
/// </summary>
internal sealed record Standing(
    Unit Unit, string? UnitLabel, string? MetricLabel, string? RegionLabel, IReadOnlyList<(Series Series, Observation Value)> Values);

/// <summary>What the metric-and-region queries share.</summary>
internal static class Queries
{
    private const string MetricRule = "a metric's name (weekly-active-users, monthly-active-users, registered-users, cumulative-downloads, app-store-rank, "
        + "share-of-users, share-of-working-age-population, share-of-tokens) or the label of one kept as other, or its key";

    /// <summary>A metric named in a query string, by a kind's name or any label; null when absent (said so when required) or not a label.</summary>
    public static MetricTerm? ReadMetric(string? text, bool required, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Check(!required, "metric", $"is required: {MetricRule}");
            return null;
        }

        if (Labels.Problem(text) is { } problem)
        {
            validation.Add("metric", $"{problem}: {MetricRule}");
            return null;
        }

        return Terms.ReadMetric(text);
    }

    /// <summary>A region named in a query string: a code, a name, or the label (or key) of a place kept as other.</summary>
    public static RegionReading? ReadRegion(string? text, bool required, RegionCatalog regions, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            validation.Check(!required, "region", "is required: an ISO 3166-1 alpha-2 code, 'global', a grouping, or the label of a place kept as other");
            return null;
        }

        if (Labels.Problem(text) is { } problem)
        {
            validation.Add("region", problem);
            return null;
        }

        return regions.Read(text);
    }

    public static (MetricTerm? Metric, RegionReading? Region) RequireMetricAndRegion(string? metricText, string? region, RegionCatalog regions, Validation validation) =>
        (ReadMetric(metricText, required: true, validation), ReadRegion(region, required: true, regions, validation));

    /// <summary>The series of a metric (and a region, when given): by kind in the store, then an other metric by its key.</summary>
    public static async Task<IReadOnlyList<SeriesEntry>> SeriesOfAsync(
        IQueryable<SeriesEntry> query, MetricTerm? metric, string? regionCode, CancellationToken cancellationToken)
    {
        if (metric is not null)
        {
            var kind = metric.Kind;
            query = query.Where(e => e.State.Key.Metric == kind);
        }

        if (regionCode is not null)
        {
            query = query.Where(e => e.State.Key.Region == regionCode);
        }

        var entries = await query.ToListAsync(cancellationToken);
        return metric?.Kind == Metric.Other ? [.. entries.Where(e => e.State.Key.MetricKey == metric.Key)] : entries;
    }

    /// <summary>
    /// Each series' latest standing observation on or before <paramref name="date"/> in one unit: the one asked
    /// for, else a known metric's own, else the one the series of an other metric state. Values in different
    /// units are never ranked or added together: when the series state several and none is asked for, null, and
    /// <paramref name="validation"/> names the units to choose from.
    /// </summary>
    public static async Task<Standing?> StandingAsync(
        IQuerySession session, MetricTerm metric, Region region, string? unitText, DateOnly date, Validation validation, CancellationToken cancellationToken)
    {
        Term<Unit>? unit = null;
        if (!string.IsNullOrWhiteSpace(unitText))
        {
            if (Labels.Problem(unitText) is { } problem)
            {
                validation.Add("unit", problem);
                return null;
            }

            unit = Terms.ReadUnit(unitText);
        }
        else if (Metrics.UnitOf(metric.Kind) is { } own)
        {
            unit = new Term<Unit>(own, null);
        }

        var entries = await SeriesOfAsync(session.Query<SeriesEntry>(), metric, region.Code, cancellationToken);
        if (unit is null)
        {
            var stated = entries
                .Select(e => e.State.AsOf(date))
                .OfType<Observation>()
                .DistinctBy(o => o.UnitKey())
                .ToList();
            if (stated.Count > 1)
            {
                validation.Add("unit", $"is required: the series of '{metric.Label}' in {region.Code} state it in several units "
                    + $"({string.Join(", ", stated.Select(o => o.UnitLabel ?? Vocabulary.Text(o.Unit)))}); name one");
                return null;
            }

            unit = stated is [var one] ? new Term<Unit>(one.Unit, one.UnitLabel) : new Term<Unit>(Unit.Other, null);
        }

        var key = Terms.KeyOf(unit.Kind, unit.Label);
        var values = entries
            .Select(e => (Series: e.State, Value: e.State.AsOf(date, key)))
            .Where(x => x.Value is not null)
            .Select(x => (x.Series, x.Value!))
            .ToList();
        var first = entries.Count > 0 ? entries[0].State.Key : null;
        return new Standing(unit.Kind, unit.Label, first?.MetricLabel ?? metric.Label, first?.RegionLabel ?? region.Label, values);
    }
}
