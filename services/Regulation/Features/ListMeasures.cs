using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary><c>GET /measures</c>: measures filtered by what they are and by their status as of a date, paged.</summary>
public static class ListMeasures
{
    public const int MaxPageSize = 500;

    public sealed record Page(DateOnly AsOf, IReadOnlyList<MeasureLine> Items, int Total, int PageNumber, int PageSize);

    public static IEndpointRouteBuilder MapListMeasures(this IEndpointRouteBuilder app)
    {
        app.MapGet("/measures", Handle)
            .WithName("ListMeasures")
            .WithSummary("Measures. Filters: jurisdiction (US also matches US-CA), bloc, type, target (tag), direction, status (as of asOf, default today). By jurisdiction then id; page from 1, pageSize up to 500.")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        TimeProvider clock,
        CancellationToken cancellationToken,
        string? jurisdiction = null,
        string? bloc = null,
        string? type = null,
        string? target = null,
        string? direction = null,
        string? status = null,
        DateOnly? asOf = null,
        int page = 1,
        int pageSize = 100)
    {
        var validation = new Validation()
            .CheckPaging(page, pageSize, MaxPageSize);
        var wantedStatus = KebabCase.Read<MeasureStatus>(status, "status", validation);
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var date = asOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var lines = (await filter.LoadAsync(session, cancellationToken))
            .Select(entry => MeasureLine.From(entry, Lifecycle.AsOf(entry.State.Timeline, date)))
            .Where(line => wantedStatus is null || line.Status == wantedStatus)
            .ToList();
        return TypedResults.Ok(new Page(date, lines.Skip((page - 1) * pageSize).Take(pageSize).ToList(), lines.Count, page, pageSize));
    }
}
