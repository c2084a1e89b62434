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

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var entries = await filter.LoadAsync(session, cancellationToken);
        var rowOf = by == "bloc" ? (Func<Projections.MeasureEntry, string>)(e => e.Bloc) : e => e.State.Details.Jurisdiction;
        var rows = entries.Select(rowOf).Distinct().Order(StringComparer.Ordinal).ToList();
        var targets = entries.SelectMany(e => e.State.Details.Targets).Distinct().Order(StringComparer.Ordinal).ToList();
        var cells = entries
            .Where(entry => Lifecycle.AsOf(entry.State.Timeline, date).InForce)
            .SelectMany(entry => entry.State.Details.Targets
                .Where(tag => filter.Target is null || tag == filter.Target)
                .Select(tag => (row: rowOf(entry), tag, entry)))
            .GroupBy(cell => (cell.row, cell.tag))
            .OrderBy(group => group.Key.row, StringComparer.Ordinal).ThenBy(group => group.Key.tag, StringComparer.Ordinal)
            .Select(group => new Cell(
                group.Key.row,
                group.Key.tag,
                group.Count(),
                group.GroupBy(cell => cell.entry.State.Details.Direction).OrderBy(d => d.Key).ToDictionary(d => d.Key, d => d.Count()),
                group.Select(cell => cell.entry.Id).ToList()))
            .ToList();
        return TypedResults.Ok(new Answer(date, by, rows, filter.Target is null ? targets : [filter.Target], cells));
    }
}
