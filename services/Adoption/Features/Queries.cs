using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Intelligence.Adoption.Regions;
using Intelligence.Platform.Domain;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// What a board (<c>/leaderboard</c>, <c>/share-by-bloc</c>) compares: the standing observations of one metric in one
/// region in one unit, named by <see cref="Key"/> (<see cref="StandingObservation.Board"/>), with the labels of what
/// the board is of (as the series hold them).
/// </summary>
internal sealed record BoardScope(Unit Unit, string? UnitLabel, string? MetricLabel, string? RegionLabel, string Key);

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

    /// <summary>
    /// The board of a metric in a region in one unit: the one asked for, else a known metric's own, else the one the
    /// series of an other metric state (each series' latest on or before <paramref name="date"/>, in any unit). Values
    /// in different units are never ranked or added together: when the series state several and none is asked for,
    /// null, and <paramref name="validation"/> names the units to choose from. Reads at most one row a series, and
    /// only for an other metric named without a unit.
    /// </summary>
    public static async Task<BoardScope?> BoardAsync(
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

        var schema = session.DocumentStore.Options.Schema;
        var links = schema.For<SeriesLink>();
        if (unit is null)
        {
            var stated = await session.QueryJsonAsync<List<Observation>>(
                $"""
                select coalesce(json_agg(latest.observation), '[]'::json)::text
                from (
                    select distinct on (p.data -> 'observation' ->> 'unit', p.data -> 'observation' ->> 'unitLabel') p.data -> 'observation' as observation
                    from {links} l
                    {ReadModels.LatestOf(schema.For<StandingObservation>())}
                    where {ReadModels.OfBoard}) as latest
                """,
                cancellationToken,
                date,
                metric.Key,
                region.Code);
            var units = stated.DistinctBy(o => o.UnitKey()).ToList();
            if (units.Count > 1)
            {
                validation.Add("unit", $"is required: the series of '{metric.Label}' in {region.Code} state it in several units "
                    + $"({string.Join(", ", units.Select(o => o.UnitLabel ?? Vocabulary.Text(o.Unit)))}); name one");
                return null;
            }

            unit = units is [var one] ? new Term<Unit>(one.Unit, one.UnitLabel) : new Term<Unit>(Unit.Other, null);
        }

        var first = await session.QueryJsonAsync<SeriesKey?>(
            $"select coalesce((select l.data -> 'key' from {links} l where {ReadModels.OfBoard} limit 1), 'null'::jsonb)::text",
            cancellationToken,
            metric.Key,
            region.Code);
        return new BoardScope(
            unit.Kind,
            unit.Label,
            first?.MetricLabel ?? metric.Label,
            first?.RegionLabel ?? region.Label,
            StandingObservation.BoardOf(metric.Key, region.Code, Terms.KeyOf(unit.Kind, unit.Label)));
    }
}
