using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary><c>GET /status?asOf=D</c>: the status of every measure on a date, computed from effective dates, with counts by status.</summary>
public static class GetStatusAsOf
{
    public sealed record Answer(DateOnly AsOf, IReadOnlyDictionary<MeasureStatus, int> Counts, IReadOnlyList<MeasureLine> Measures);

    public static IEndpointRouteBuilder MapGetStatusAsOf(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", Handle)
            .WithDataVersion()
            .WithName("GetStatusAsOf")
            .WithSummary("The status of every measure as of asOf (required, yyyy-MM-dd): none (nothing yet by then), proposed, agreed, adopted, in-force, suspended, lifted, revoked, vetoed. Same filters as /measures.")
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
        string? direction = null)
    {
        var validation = new Validation().Check(asOf is not null, "asOf", "is required (yyyy-MM-dd)");
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var lines = (await filter.LoadAsync(session, cancellationToken))
            .Select(entry => MeasureLine.From(entry, Lifecycle.AsOf(entry.State.Timeline, asOf!.Value)))
            .ToList();
        var counts = lines.GroupBy(line => line.Status).OrderBy(group => group.Key).ToDictionary(group => group.Key, group => group.Count());
        return TypedResults.Ok(new Answer(asOf!.Value, counts, lines));
    }
}
