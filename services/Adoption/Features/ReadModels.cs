using Intelligence.Adoption.Projections;

namespace Intelligence.Adoption.Features;

/// <summary>A standing observation with its series' link, as a read query returns them.</summary>
internal sealed record LinkedObservation(StandingObservation Point, SeriesLink Link);

/// <summary>What the queries over <see cref="StandingObservation"/> and <see cref="SeriesLink"/> share.</summary>
internal static class ReadModels
{
    /// <summary>
    /// A lateral subquery: the series' (<c>l</c>) latest standing observation on or before the date of the next
    /// parameter, later id first on one date (ids ordinal, as <see cref="Domain.Series.AsOf(DateOnly)"/> orders
    /// them). One probe of the (series, date) index per series.
    /// </summary>
    public static string LatestOf(string points) =>
        $"""
        cross join lateral (
            select p.id, p.observed_on, p.data from {points} p
            where p.series_id = l.id and p.observed_on <= ?
            order by p.observed_on desc, p.id collate "C" desc
            limit 1) as p
        """;

    /// <summary>The series links (<c>l</c>) of a board's metric key and region, the next two parameters, along their index.</summary>
    public const string OfBoard = "(l.data ->> 'metricKey') = ? and (l.data ->> 'region') = ?";

    /// <summary>
    /// The standing observations (<c>p</c>) of the board the next parameter names that stand on the date of the two
    /// after it; their order on the board is <see cref="BoardOrder"/>.
    /// </summary>
    public const string StandingOnBoard =
        "(p.data ->> 'board') = ? and p.observed_on <= ? and coalesce(cast(p.data ->> 'standsUntil' as date) > ?, true)";

    /// <summary>A board's order, leader first, as its index holds it: value, subject name (case ignored), series.</summary>
    public const string BoardOrder = "cast(p.data ->> 'boardOrder' as numeric), (p.data ->> 'subjectOrder'), p.series_id";
}
