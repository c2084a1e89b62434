using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Integration;
using Intelligence.Adoption.Projections;
using Intelligence.Platform.Domain;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Http;
using Marten;

namespace Intelligence.Adoption.Features;

/// <summary>
/// A command on a series' stream, through the platform's <see cref="StreamCommand{TDoc}"/> (<c>If-Match</c> is the
/// series' version), answered with the observation as it now stands.
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

        var command = await StreamCommand.OpenAsync<SeriesEntry>(http, session, locator.SeriesId);
        if (command.Current?.State is not { } state)
        {
            return Problems.NotFound("observation", observationId);
        }

        if (command.Refusal is { } refusal)
        {
            return refusal;
        }

        return decide(state) is { } decision
            ? await CommitAsync(http, session, command, decision, observationId, StatusCodes.Status200OK, location: null)
            : validation.ToProblem();
    }

    public static Task<IResult> CommitAsync(
        HttpContext http,
        IDocumentSession session,
        StreamCommand<SeriesEntry> command,
        Decision<ISeriesEvent> decision,
        string observationId,
        int status,
        string? location) =>
        command.CommitAsync(decision, command.Current?.State, SeriesDecider.Evolve, async decided =>
        {
            if (decided.Before is null)
            {
                // The new series' link reads the replica: see CatalogLinks for why a start shares the lock.
                await CatalogLinks.ShareAsync(session, http.RequestAborted);
            }

            return new CommandAnswer(status, location, ObservationView.From(decided.After, decided.After.Points[observationId], decided.Version));
        });
}
