using Intelligence.Adoption.Projections;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /subjects</c> and <c>GET /subjects/{id}</c>: what the series are about, with their catalog links.</summary>
public static class ListSubjects
{
    public const int MaxLimit = 1_000;

    /// <summary>The list's one order, as its cursors name it.</summary>
    public const string Sort = "name";

    public sealed record SubjectEntry(SubjectView Subject, IReadOnlyList<string> Series);

    public static IEndpointRouteBuilder MapListSubjects(this IEndpointRouteBuilder app)
    {
        app.MapGet("/subjects", Handle)
            .WithName("ListSubjects")
            .WithSummary("Subjects of the series, by name (case ignored, then id), each with its link to the releases catalog (model, organization, unlinked or aggregate), origin countries and bloc. "
                + $"limit: at most {MaxLimit} a page (500 by default); a header Link: <...>; rel=\"next\" links the following page (after=).")
            .Produces<IReadOnlyList<SubjectEntry>>()
            .ProducesValidationProblem();
        app.MapGet("/subjects/{id}", async Task<IResult> (string id, IQuerySession session, CancellationToken cancellationToken) =>
                Group(await session.Query<SeriesLink>().Where(link => link.SubjectId == id).OrderBy(link => link.Id).ToListAsync(cancellationToken)) is [var subject]
                    ? TypedResults.Ok(subject)
                    : Problems.NotFound("subject", id))
            .WithName("GetSubject")
            .WithSummary("One subject with its link and series.")
            .Produces<SubjectEntry>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// A page of subjects from the series' stored links (<see cref="SeriesLink"/>): the next <paramref name="limit"/>
    /// subjects along the (name, id) index, then their links, a row a series; no observations, and no subject past the page.
    /// </summary>
    private static async Task<IResult> Handle(IQuerySession session, HttpContext http, CancellationToken cancellationToken, int limit = 500, string? after = null)
    {
        var validation = new Validation().CheckLimit(limit, MaxLimit);
        var cursor = PageCursor.Read(after, Sort, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        const string Order = "(l.data ->> 'subjectOrder'), l.subject_id";
        var links = session.DocumentStore.Options.Schema.For<SeriesLink>();
        var from = cursor is null ? string.Empty : $"where ({Order}) > (?, ?)";
        object[] values = cursor is null ? [limit + 1] : [cursor.Key, cursor.Id, limit + 1];
        var rows = await session.QueryJsonAsync<List<SeriesLink>>(
            $"""
            select coalesce(json_agg(l.data order by {Order}, l.id), '[]'::json)::text
            from {links} l
            where ({Order}) in (select distinct {Order} from {links} l {from} order by 1, 2 limit ?)
            """,
            cancellationToken,
            values);
        var subjects = Group(rows);
        var page = subjects.Take(limit).ToList();
        if (subjects.Count > limit)
        {
            var last = rows.First(link => link.SubjectId == page[^1].Subject.Id);
            new PageCursor(Sort, last.SubjectOrder, last.SubjectId).LinkNext(http);
        }

        return TypedResults.Ok(page);
    }

    /// <summary>Links in (name, subject) order, a subject each with its series.</summary>
    private static List<SubjectEntry> Group(IReadOnlyList<SeriesLink> links) =>
    [
        .. links
            .GroupBy(link => link.SubjectId, StringComparer.Ordinal)
            .Select(group =>
            {
                var first = group.First();
                return new SubjectEntry(SubjectView.From(first.Key.Subject, first.Link), [.. group.Select(link => link.Id).Order(StringComparer.Ordinal)]);
            }),
    ];
}
