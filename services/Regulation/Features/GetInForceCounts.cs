using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /in-force-counts?asOf=&amp;groupBy=bloc|country</c>: per bloc or country, how many measures are in force on a
/// date, by direction. One query over the status spells (<see cref="MeasureStatusSpell"/>), counted by the database
/// once per day and change (<see cref="DayCells"/>): no measure or timeline is loaded, and a day read again costs one
/// lookup of its kept cell, at any number of measures. "In force" is what
/// <c>GET /status</c> reports as in-force for the date. The gateway's landscape reads its measures part here.
/// </summary>
public static class GetInForceCounts
{
    /// <param name="Group">A bloc, or a country code (a subdivision counts in its country; EU and INTL as themselves).</param>
    /// <param name="InForce">Measures of the group in force on the date.</param>
    /// <param name="ByDirection">The same measures by direction, as measure lines write it (restrictive, promotional, ..., other), in ordinal order.</param>
    public sealed record InForceCount(string Group, int InForce, IReadOnlyDictionary<string, int> ByDirection);

    /// <summary>A row the database counts: measures of one group and direction.</summary>
    private sealed record Counted(string Group, string Direction, int Measures);

    public static IEndpointRouteBuilder MapGetInForceCounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/in-force-counts", Handle)
            .WithDataVersion()
            .WithName("GetInForceCounts")
            .WithSummary("Per bloc (groupBy=bloc, default) or country (groupBy=country): the measures in force on asOf (default today), in all and by direction, "
                + "for each group with at least one, in group order. A subdivision's measures count in its country (US-CA in US). Counted by the database from the status spells, once per day and change.")
            .Produces<IReadOnlyList<InForceCount>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, TimeProvider clock, CancellationToken cancellationToken, DateOnly? asOf = null, string groupBy = "bloc")
    {
        var validation = new Validation().Check(groupBy is "bloc" or "country", "groupBy", "must be bloc or country");
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        return TypedResults.Ok(await DayCells.ReadAsync(
            session, MeasureStatusSpell.InForceCountsRead, groupBy, date, (counting, ct) => CountAsync(counting, groupBy, date, ct), cancellationToken));
    }

    private static async Task<List<InForceCount>> CountAsync(IQuerySession session, string groupBy, DateOnly date, CancellationToken cancellationToken)
    {
        var spells = session.DocumentStore.Options.Schema.For<MeasureStatusSpell>();
        var group = groupBy == "bloc" ? "s.bloc" : "s.country";

        // A measure has at most one spell on a date, so counting spells counts measures.
        var counted = await session.QueryJsonAsync<List<Counted>>(
            $"""
            select coalesce(json_agg(json_build_object('group', g, 'direction', d, 'measures', n)), '[]')::text
            from (
                select {group} as g, s.direction as d, count(*) as n
                from {spells} s
                where s.status = ? and s.valid_from <= ? and (s.valid_until is null or s.valid_until > ?)
                group by 1, 2) as counted
            """,
            cancellationToken,
            nameof(MeasureStatus.InForce),
            date,
            date);
        return Tally(counted);
    }

    /// <summary>The database's rows as the answer: groups and directions in ordinal order, directions in the API's words.</summary>
    private static List<InForceCount> Tally(IEnumerable<Counted> counted) =>
    [
        .. counted
            .GroupBy(row => row.Group, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                var byDirection = group
                    .Select(row => (Direction: KebabCase.Name(Enum.Parse<Direction>(row.Direction)), row.Measures))
                    .OrderBy(pair => pair.Direction, StringComparer.Ordinal)
                    .ToDictionary(pair => pair.Direction, pair => pair.Measures, StringComparer.Ordinal);
                return new InForceCount(group.Key, byDirection.Values.Sum(), byDirection);
            }),
    ];
}
