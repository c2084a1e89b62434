using Intelligence.Adoption.Import;
using Intelligence.Platform.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Intelligence.Adoption.Features;

/// <summary>
/// <c>GET /notes</c>: imported rows that state no number, kept as notes, by id a page at a time along the primary key,
/// so a page costs the same however many notes a market's imports leave.
/// </summary>
public static class ListNotes
{
    public const int MaxLimit = 1_000;

    /// <summary>The list's one order, as its cursors name it.</summary>
    public const string Sort = "id";

    public static IEndpointRouteBuilder MapListNotes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/notes", Handle)
            .WithName("ListNotes")
            .WithSummary("Imported rows that state no number (qualitative findings, ranges in words): kept as written, with the reason, never stored as zero. "
                + "By id; limit: at most 1,000 a page (500 by default); a header Link: <...>; rel=\"next\" links the following page (after=).")
            .Produces<IReadOnlyList<ObservationNote>>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(IQuerySession session, HttpContext http, CancellationToken cancellationToken, int limit = 500, string? after = null)
    {
        var validation = new Validation().CheckLimit(limit, MaxLimit);
        var cursor = PageCursor.Read(after, Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        IQueryable<ObservationNote> query = session.Query<ObservationNote>();
        if (cursor is not null)
        {
            query = query.Where(note => note.MatchesSql("d.id > ?", cursor.Id));
        }

        var notes = await query.OrderBy(note => note.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var page = notes.Take(limit).ToList();
        if (notes.Count > limit)
        {
            new PageCursor(Sort, page[^1].Id, page[^1].Id).LinkNext(http);
        }

        return TypedResults.Ok(page);
    }
}
