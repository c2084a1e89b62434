using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /divergence?asOf=D</c>: where rules diverge. Rows are jurisdictions (or blocs), columns target tags; each
/// cell counts the measures in force on the date, by direction, and names them.
/// </summary>
public static class GetDivergence
{
    public sealed record Cell(string Row, string Target, int InForce, IReadOnlyDictionary<Direction, int> ByDirection, IReadOnlyList<string> MeasureIds);

    /// <param name="Rows">Every jurisdiction (or bloc) with a measure recorded, in force on the date or not, so empty rows show too.</param>
    public sealed record Answer(DateOnly AsOf, string By, IReadOnlyList<string> Rows, IReadOnlyList<string> Targets, IReadOnlyList<Cell> Cells);

    public static IEndpointRouteBuilder MapGetDivergence(this IEndpointRouteBuilder app)
    {
        app.MapGet("/divergence", Handle)
            .WithName("GetDivergence")
            .WithSummary("Divergence matrix as of asOf (default today): rows by jurisdiction (by=jurisdiction, default) or bloc (by=bloc), columns target tags, cells count measures in force by direction. Filters: jurisdiction, bloc, type, target, direction.")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateOnly? asOf = null,
        string by = "jurisdiction",
        string? jurisdiction = null,
        string? bloc = null,
        string? type = null,
        string? target = null,
        string? direction = null)
    {
        var validation = new Validation().Check(by is "jurisdiction" or "bloc", "by", "must be jurisdiction or bloc");
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? clock.UtcDate();
        var found = await AggregateAsync(session, filter, by, date, cancellationToken);
        var cells = found.Cells
            .GroupBy(cell => (cell.Row, cell.Target))
            .OrderBy(group => group.Key.Row, StringComparer.Ordinal).ThenBy(group => group.Key.Target, StringComparer.Ordinal)
            .Select(group => new Cell(
                group.Key.Row,
                group.Key.Target,
                group.Sum(cell => cell.Ids.Count),
                group.Select(cell => (Direction: Enum.Parse<Direction>(cell.Direction), cell.Ids.Count)).OrderBy(d => d.Direction).ToDictionary(d => d.Direction, d => d.Count),
                [.. group.SelectMany(cell => cell.Ids).OrderBy(id => found.Order[id])]))
            .ToList();
        return TypedResults.Ok(new Answer(date, by, found.Rows, filter.Target is null ? found.Targets : [filter.Target], cells));
    }

    /// <summary>One group of the database's answer: a row, a target and a direction, with the in-force measures in it.</summary>
    private sealed record Grouped(string Row, string Target, string Direction, IReadOnlyList<string> Ids);

    /// <summary>What the database aggregates: the rows and targets of every kept measure, the in-force ones grouped, and the list order of those.</summary>
    private sealed record Aggregated(IReadOnlyList<string> Rows, IReadOnlyList<string> Targets, IReadOnlyList<Grouped> Cells, IReadOnlyDictionary<string, int> Order);

    /// <summary>
    /// The matrix counted by the database: the filter's own query (as Marten writes it) joined to the measures' rows and
    /// targets, and the in-force ones to their status spell on the date. Only the answer's rows, targets and cells
    /// leave the database, not every measure with its timeline.
    /// </summary>
    private static async Task<Aggregated> AggregateAsync(IQuerySession session, MeasureFilter filter, string by, DateOnly date, CancellationToken cancellationToken)
    {
        var entries = session.DocumentStore.Options.Schema.For<Projections.MeasureEntry>();
        var spells = session.DocumentStore.Options.Schema.For<Projections.MeasureStatusSpell>();
        var row = by == "bloc" ? "e.data ->> 'bloc'" : $"{MeasureFilter.JurisdictionSql.Replace("d.", "e.", StringComparison.Ordinal)}";
        await using var kept = filter.KeptAsSql(session);
        var day = kept.Add(date);
        var target = filter.Target is null ? "true" : $"t.target = {kept.Add(filter.Target)}";
        kept.Command.CommandText = $"""
            with measures as (
                select e.id, {row} as row, e.data -> 'state' -> 'details' -> 'targets' as targets,
                       e.data -> 'state' -> 'details' ->> 'direction' as direction,
                       row_number() over (order by {MeasureFilter.JurisdictionSql.Replace("d.", "e.", StringComparison.Ordinal)}, e.id) as place
                from ({kept.Sql}) as kept(id) join {entries} e on e.id = kept.id),
            in_force as (
                select m.* from measures m
                where exists (select 1 from {spells} s where s.measure_id = m.id and s.status = 'InForce'
                              and s.valid_from <= {day} and (s.valid_until is null or s.valid_until > {day})))
            select json_build_object(
                'rows', coalesce((select json_agg(r order by r collate "C") from (select distinct row as r from measures) as x), '[]'),
                'targets', coalesce((select json_agg(t order by t collate "C") from (select distinct jsonb_array_elements_text(targets) as t from measures) as y), '[]'),
                'cells', coalesce((select json_agg(json_build_object('row', row, 'target', target, 'direction', direction, 'ids', ids))
                                   from (select f.row, t.target, f.direction, json_agg(f.id order by f.place) as ids
                                         from in_force f cross join lateral jsonb_array_elements_text(f.targets) as t(target)
                                         where {target}
                                         group by 1, 2, 3) as z), '[]'),
                'order', coalesce((select json_object_agg(id, place) from in_force), json_build_object()))::text
            """;
        return await session.QueryJsonAsync<Aggregated>(kept.Command, cancellationToken);
    }
}
