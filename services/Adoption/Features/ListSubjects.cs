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

    private static async Task<IReadOnlyList<SubjectEntry>> SubjectsAsync(IQuerySession session, string? id, CancellationToken cancellationToken)
    {
        IQueryable<SeriesEntry> query = session.Query<SeriesEntry>();
        if (id is not null)
        {
            query = query.Where(e => e.State.Key.Subject.Id == id);
        }

        var entries = await query.ToListAsync(cancellationToken);
        var link = await StoredLinks.OfAsync(session, [.. entries.Select(e => e.State)], cancellationToken);
        return
        [
            .. entries
                .GroupBy(e => e.State.Key.Subject.Id)
                .Select(group =>
                {
                    var first = group.First().State;
                    return new SubjectEntry(SubjectView.From(first.Key.Subject, link(first)), [.. group.Select(e => e.Id).Order(StringComparer.Ordinal)]);
                })
                .OrderBy(s => s.Subject.Name, StringComparer.OrdinalIgnoreCase),
        ];
    }
}
