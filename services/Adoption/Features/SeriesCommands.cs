using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Http;
using JasperFx.Events;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// The one way a command meets a series' stream: load it for writing (optimistic concurrency), honour
/// <c>If-Match</c> (the series' version), decide, append, commit with the idempotency record, answer with the
/// observation as it now stands.
/// </summary>
internal static class SeriesCommands
{
    /// <summary>Runs a command on the series that holds <paramref name="observationId"/>; 404 when none does.</summary>
    /// <param name="decide">The decision on the current state, or null when the request breaks a rule that needs the
    /// current state to check (then <paramref name="validation"/> says which, and nothing is stored).</param>
    public static async Task<IResult> ExecuteAsync(
        HttpContext http, IDocumentSession session, string observationId, Validation validation, Func<Series, Decision<ISeriesEvent>?> decide)
    {
        var locator = await session.LoadAsync<ObservationLocator>(observationId, http.RequestAborted);
        if (locator is null)
        {
            return Problems.NotFound("observation", observationId);
        }

        var stream = await session.Events.FetchForWriting<SeriesEntry>(locator.SeriesId, http.RequestAborted);
        if (stream.Aggregate is null)
        {
            return Problems.NotFound("observation", observationId);
        }

        if (CommandResults.CheckIfMatch(http, stream.CurrentVersion) is { } mismatch)
        {
            return mismatch;
        }

        return decide(stream.Aggregate.State) is { } decision
            ? await CommitAsync(http, session, stream, decision, observationId, StatusCodes.Status200OK, location: null)
            : validation.ToProblem();
    }

    public static async Task<IResult> CommitAsync(
        HttpContext http,
        IDocumentSession session,
        IEventStream<SeriesEntry> stream,
        Decision<ISeriesEvent> decision,
        string observationId,
        int status,
        string? location)
    {
        if (decision.Rejection is { } rejection)
        {
            return Problems.Conflict(rejection.Rule, rejection.Detail);
        }

        if (stream.Aggregate is null)
        {
            // The new series' link reads the replica: see CatalogLinks for why a start shares the lock.
            await CatalogLinks.ShareAsync(session, http.RequestAborted);
        }

        // Read before appending: Marten advances CurrentVersion as events are appended.
        var version = (stream.CurrentVersion ?? 0) + decision.Events.Count;
        var state = decision.Events.Aggregate(stream.Aggregate?.State, SeriesDecider.Evolve)!;
        stream.AppendMany(decision.Events);
        return await session.CommitAsync(http, status, location, version, ObservationView.From(state, state.Points[observationId], version));
    }
}
