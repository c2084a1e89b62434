using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /responses?after=D&amp;days=30</c>: who responded to what. The lifecycle events dated in the window after a
/// date (a model's release, another country's rule), e.g. the bans on DeepSeek in the weeks after R1.
/// </summary>
public static class GetResponses
{
    public const int MaxDays = 366;

    public sealed record Response(
        string MeasureId,
        string Title,
        string Jurisdiction,
        string Bloc,
        InstrumentType Type,
        string? TypeLabel,
        IReadOnlyList<string> Targets,
        Direction Direction,
        string? DirectionLabel,
        TimelineEntry Event,
        int DaysAfter);

    /// <param name="From">The first day of the window: the day after <paramref name="After"/>.</param>
    /// <param name="Until">The last day of the window, included.</param>
    public sealed record Answer(DateOnly After, DateOnly From, DateOnly Until, int Count, IReadOnlyList<Response> Responses);

    public static IEndpointRouteBuilder MapGetResponses(this IEndpointRouteBuilder app)
    {
        app.MapGet("/responses", Handle)
            .WithDataVersion()
            .WithName("GetResponses")
            .WithSummary("Lifecycle events dated in the days (default 30, up to 366) after a date (after, required), in date order. Filters: jurisdiction, bloc, type, target, direction, step.")
            .Produces<Answer>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        Countries countries,
        CancellationToken cancellationToken,
        DateOnly? after = null,
        int days = 30,
        string? step = null,
        string? jurisdiction = null,
        string? bloc = null,
        string? type = null,
        string? target = null,
        string? direction = null)
    {
        var validation = new Validation()
            .Check(after is not null, "after", "is required (yyyy-MM-dd)")
            .Check(days is >= 1 and <= MaxDays, "days", $"must be 1 to {MaxDays}")
            .Check(after is null || after.Value.DayNumber + days <= DateOnly.MaxValue.DayNumber, "after", "must leave the days after it within the calendar (to 9999-12-31)");
        var wantedStep = KebabCase.Read<LifecycleStep>(step, "step", validation);
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (from, until) = (after!.Value.AddDays(1), after.Value.AddDays(days));
        var ids = await StepsInWindowAsync(session, from, until, wantedStep, filter, cancellationToken);
        var responses = (await filter.LoadAsync(session, ids, cancellationToken))
            .SelectMany(entry => entry.State.Timeline
                .Where(e => e.On >= from && e.On <= until && (wantedStep is null || e.Step == wantedStep))
                .Select(e => new Response(
                    entry.Id,
                    entry.State.Details.Title,
                    entry.State.Details.Jurisdiction,
                    entry.Bloc,
                    entry.State.Details.Type,
                    entry.State.Details.TypeLabel,
                    entry.State.Details.Targets,
                    entry.State.Details.Direction,
                    entry.State.Details.DirectionLabel,
                    e,
                    e.On.DayNumber - after.Value.DayNumber)))
            .OrderBy(r => r.Event.On).ThenBy(r => r.MeasureId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new Answer(after.Value, from, until, responses.Count, responses));
    }

    /// <summary>
    /// The measures with a step dated in the window (of the step, place and bloc asked): one indexed range query over
    /// the step dates, so only those measures are loaded. The filter reads them again, with its other conditions.
    /// </summary>
    private static async Task<IReadOnlyList<string>> StepsInWindowAsync(
        IQuerySession session, DateOnly from, DateOnly until, LifecycleStep? wantedStep, MeasureFilter filter, CancellationToken cancellationToken)
    {
        var steps = session.Query<MeasureStepDate>().Where(s => s.EffectiveOn >= from && s.EffectiveOn <= until);
        if (wantedStep is { } step)
        {
            steps = steps.Where(s => s.Step == step);
        }

        if (filter.Jurisdiction is { } jurisdiction)
        {
            steps = jurisdiction.Length == 2 ? steps.Where(s => s.Country == jurisdiction) : steps.Where(s => s.Jurisdiction == jurisdiction);
        }

        if (filter.Bloc is { } bloc)
        {
            steps = steps.Where(s => s.Bloc == bloc);
        }

        return await steps.Select(s => s.MeasureId).Distinct().ToListAsync(cancellationToken);
    }
}
