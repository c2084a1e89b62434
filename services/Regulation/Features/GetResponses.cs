using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Regulation.Domain;
using Intelligence.Regulation.Projections;
using Marten;

namespace Intelligence.Regulation.Features;

/// <summary>
/// <c>GET /responses?after=D&amp;days=30</c>: who responded to what. The lifecycle events dated in the window after a
/// date (a model's release, another country's rule), e.g. the bans on DeepSeek in the weeks after R1. Read from the
/// step dates (<see cref="MeasureStepDate"/>), which carry what the filters ask, in date order a page at a time: only
/// the page's measures are loaded.
/// </summary>
public static class GetResponses
{
    public const int MaxDays = 366;

    public const int MaxLimit = 1_000;

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
    /// <param name="Count">The events in the window that pass the filters, counted at most <see cref="OffsetPaging.CountAhead"/> (then a lower bound).</param>
    /// <param name="Responses">The first <c>limit</c> of them.</param>
    /// <param name="More">True when more events than <paramref name="Responses"/> are in the window.</param>
    public sealed record Answer(DateOnly After, DateOnly From, DateOnly Until, int Count, bool CountIsLowerBound, bool More, IReadOnlyList<Response> Responses);

    public static IEndpointRouteBuilder MapGetResponses(this IEndpointRouteBuilder app)
    {
        app.MapGet("/responses", Handle)
            .WithDataVersion()
            .WithName("GetResponses")
            .WithSummary("Lifecycle events dated in the days (default 30, up to 366) after a date (after, required), in date order (then measure, then the order recorded). "
                + $"Filters: jurisdiction, bloc, type, target, direction, step. limit: the first {MaxLimit} at most (the default), with the count of all and more.")
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
        string? direction = null,
        int limit = MaxLimit)
    {
        var validation = new Validation()
            .Check(after is not null, "after", "is required (yyyy-MM-dd)")
            .Check(days is >= 1 and <= MaxDays, "days", $"must be 1 to {MaxDays}")
            .Check(after is null || after.Value.DayNumber + days <= DateOnly.MaxValue.DayNumber, "after", "must leave the days after it within the calendar (to 9999-12-31)")
            .CheckLimit(limit, MaxLimit);
        var wantedStep = EnumParameters.Read<LifecycleStep>(step, "step", validation);
        var filter = MeasureFilter.Read(jurisdiction, bloc, type, target, direction, countries, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var (from, until) = (after!.Value.AddDays(1), after.Value.AddDays(days));
        var steps = StepsInWindow(session, from, until, wantedStep, filter);
        var found = await steps.OrderBy(s => s.EffectiveOn).ThenBy(s => s.MeasureId).ThenBy(s => s.Place).Take(limit + 1).ToListAsync(cancellationToken);
        var page = found.Take(limit).ToList();
        var entries = (await session.LoadManyAsync<MeasureEntry>(cancellationToken, page.Select(step => step.MeasureId).Distinct()))
            .ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        var responses = page
            .Where(step => entries.TryGetValue(step.MeasureId, out var entry) && step.Place < entry.State.Timeline.Count)
            .Select(step => (Entry: entries[step.MeasureId], Event: entries[step.MeasureId].State.Timeline[step.Place]))
            .Select(found => new Response(
                found.Entry.Id,
                found.Entry.State.Details.Title,
                found.Entry.State.Details.Jurisdiction,
                found.Entry.Bloc,
                found.Entry.State.Details.Type,
                found.Entry.State.Details.TypeLabel,
                found.Entry.State.Details.Targets,
                found.Entry.State.Details.Direction,
                found.Entry.State.Details.DirectionLabel,
                found.Event,
                found.Event.On.DayNumber - after.Value.DayNumber))
            .ToList();
        var more = found.Count > limit;
        var (count, lowerBound) = more
            ? OffsetPaging.Bounded((await steps.Select(s => s.Id).Take(OffsetPaging.CountAhead + 1).ToListAsync(cancellationToken)).Count)
            : (responses.Count, false);
        return TypedResults.Ok(new Answer(after.Value, from, until, count, lowerBound, more, responses));
    }

    /// <summary>
    /// The steps dated in the window that pass the filters (step, place, bloc, and what the measure is): an indexed
    /// range query over the step dates, a row a step.
    /// </summary>
    private static IQueryable<MeasureStepDate> StepsInWindow(IQuerySession session, DateOnly from, DateOnly until, LifecycleStep? wantedStep, MeasureFilter filter)
    {
        var steps = session.Query<MeasureStepDate>().Where(s => s.EffectiveOn >= from && s.EffectiveOn <= until);
        if (wantedStep is { } step)
        {
            steps = steps.Where(s => s.Step == step);
        }

        return filter.OnCopies(steps);
    }
}
