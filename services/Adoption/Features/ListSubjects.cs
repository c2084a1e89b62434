using Intelligence.Adoption.Projections;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary><c>GET /subjects</c> and <c>GET /subjects/{id}</c>: what the series are about, with their catalog links.</summary>
public static class ListSubjects
{
    public sealed record SubjectEntry(SubjectView Subject, IReadOnlyList<string> Series);

    public static IEndpointRouteBuilder MapListSubjects(this IEndpointRouteBuilder app)
    {
        app.MapGet("/subjects", async (IQuerySession session, CancellationToken cancellationToken) =>
                TypedResults.Ok(await SubjectsAsync(session, null, cancellationToken)))
            .WithName("ListSubjects")
            .WithSummary("Subjects of the series, by name, each with its link to the releases catalog (model, organization, unlinked or aggregate), origin countries and bloc.")
            .Produces<IReadOnlyList<SubjectEntry>>();
        app.MapGet("/subjects/{id}", async Task<IResult> (string id, IQuerySession session, CancellationToken cancellationToken) =>
                await SubjectsAsync(session, id, cancellationToken) is [var subject] ? TypedResults.Ok(subject) : Problems.NotFound("subject", id))
            .WithName("GetSubject")
            .WithSummary("One subject with its link and series.")
            .Produces<SubjectEntry>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// The subjects from the series' stored links (<see cref="SeriesLink"/>): a row a series with its subject and link,
    /// no observations, in the (subject name, metric, region) order the list key holds; one subject's by its indexed id.
    /// </summary>
    private static async Task<IReadOnlyList<SubjectEntry>> SubjectsAsync(IQuerySession session, string? id, CancellationToken cancellationToken)
    {
        IQueryable<SeriesLink> query = session.Query<SeriesLink>();
        if (id is not null)
        {
            query = query.Where(link => link.SubjectId == id);
        }

        var links = await query.OrderBy(link => link.ListKey).ThenBy(link => link.Id).ToListAsync(cancellationToken);
        return
        [
            .. links
                .GroupBy(link => link.SubjectId, StringComparer.Ordinal)
                .Select(group =>
                {
                    var first = group.First();
                    return new SubjectEntry(SubjectView.From(first.Key.Subject, first.Link), [.. group.Select(link => link.Id).Order(StringComparer.Ordinal)]);
                })
                .OrderBy(s => s.Subject.Name, StringComparer.OrdinalIgnoreCase),
        ];
    }
}
