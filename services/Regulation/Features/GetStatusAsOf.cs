using Intelligence.Contracts;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /status?asOf=D</c>: the status of the measures on a date, with counts by status. The counts are taken by the
/// database from the status spells of the measures the filters keep, once per filter, day and change
/// (<see cref="DayCells"/>) when the filter is one of a bounded set (no target, a published bloc); the measures come a
/// page at a time, as <c>/measures</c> pages them, so an answer carries a page however many measures there are.
/// </summary>
public static class GetStatusAsOf
{
    public const int MaxPageSize = 500;

    /// <param name="Counts">Every measure the filters keep, by its status on the date (counted by the database).</param>
    /// <param name="Measures">One page of them, by jurisdiction then id.</param>
    /// <param name="Next">The cursor of the following page (pass it as <c>after</c>); null on the last page.</param>
    public sealed record Answer(DateOnly AsOf, IReadOnlyDictionary<MeasureStatus, int> Counts, IReadOnlyList<MeasureLine> Measures, int PageNumber, int PageSize, string? Next);

    public static IEndpointRouteBuilder MapGetStatusAsOf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", Handle)
            .WithDataVersion()
            .WithName("GetStatusAsOf")
            .WithSummary("The status of the measures as of asOf (required, yyyy-MM-dd): none (nothing yet by then), proposed, agreed, adopted, in-force, suspended, lifted, revoked, vetoed. "
                + "Same filters as /measures. counts covers every measure kept; measures is a page of them by jurisdiction then id (page from 1 within 10,000 in, "
                + "or after=<the previous answer's next>; pageSize up to 500, 500 by default).")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        CancellationToken cancellationToken,
        DateOnly? asOf = null,
        string? jurisdiction = null,
        string? bloc = null,
        string? type = null,
        string? target = null,
        string? direction = null,
        int page = 1,
        int pageSize = MaxPageSize,
        string? after = null)
    {
        var validation = new Validation()
            .Check(asOf is not null, "asOf", "is required (yyyy-MM-dd)")
            .CheckPaging(page, pageSize, MaxPageSize)
            .CheckOffset(page, pageSize, cursor: after is not null);
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        var cursor = PageCursor.Read(after, ListMeasures.Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf!.Value;
        var counts = KeptCountsVariant(filter) is { } variant
            ? await DayCells.ReadAsync(session, MeasureStatusSpell.StatusCountsRead, variant, date, (counting, ct) => CountsAsync(counting, filter, date, ct), cancellationToken)
            : await CountsAsync(session, filter, date, cancellationToken);
        var measures = await ListMeasures.PageAsync(session, filter, null, date, cursor, page, pageSize, cancellationToken);
        return TypedResults.Ok(new Answer(date, counts, measures.Items, page, pageSize, measures.Next));
    }

    /// <summary>
    /// The name of the filter's kept counts, or null for a filter not worth keeping: a target or an unpublished bloc
    /// is free text, and a cell per text would let readers grow the store without bound.
    /// </summary>
    private static string? KeptCountsVariant(MeasureFilter filter) =>
        filter.Target is null && (filter.Bloc is null || Blocs.IsKnown(filter.Bloc))
            ? $"{filter.Jurisdiction}|{filter.Bloc}|{filter.Type}|{filter.Direction}"
            : null;

    /// <summary>
    /// The measures the filter keeps, by status on <paramref name="date"/>: the filter's own query (as Marten writes it)
    /// joined to the spells in force on the date, grouped by the database; a measure with no spell then has none.
    /// </summary>
    private static async Task<IReadOnlyDictionary<MeasureStatus, int>> CountsAsync(IQuerySession session, MeasureFilter filter, DateOnly date, CancellationToken cancellationToken)
    {
        var spells = session.DocumentStore.Options.Schema.For<MeasureStatusSpell>();
        await using var kept = filter.KeptAsSql(session);
        var day = kept.Add(date);
        kept.Command.CommandText = $"""
            select coalesce(s.status, 'None'), count(*)::int
            from ({kept.Sql}) as kept(id)
            left join {spells} s on s.measure_id = kept.id and s.valid_from <= {day} and (s.valid_until is null or s.valid_until > {day})
            group by 1
            """;
        var counts = new List<(MeasureStatus Status, int Measures)>();
        await using var reader = await session.ExecuteReaderAsync(kept.Command, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add((Enum.Parse<MeasureStatus>(reader.GetString(0)), reader.GetInt32(1)));
        }

        return counts.OrderBy(count => count.Status).ToDictionary(count => count.Status, count => count.Measures);
    }
}
