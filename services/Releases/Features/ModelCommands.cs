using Intelligence.Platform.Domain;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary>
/// The one way a command meets a model's stream: load it for writing (optimistic concurrency), honour
/// <c>If-Match</c>, decide, append, commit with the idempotency record, answer with the new state and version.
/// </summary>
internal static class ModelCommands
{
    /// <param name="decide">The decision on the current state, or null when the request breaks a rule that needs
    /// the current state to check (then <paramref name="validation"/> says which, and nothing is stored).</param>
    public static async Task<IResult> ExecuteAsync(
        HttpContext http,
        IDocumentSession session,
        Countries countries,
        string modelId,
        Validation validation,
        Func<Model, Decision<IModelEvent>?> decide)
    {
        var stream = await session.Events.FetchForWriting<CatalogEntry>(modelId, http.RequestAborted);
        if (stream.Aggregate is null)
        {
            return Problems.NotFound("model", modelId);
        }

        if (CommandResults.CheckIfMatch(http, stream.CurrentVersion) is { } mismatch)
        {
            return mismatch;
        }

        return decide(stream.Aggregate.State) is { } decision
            ? await CommitAsync(http, session, countries, stream, decision, StatusCodes.Status200OK, location: null)
            : validation.ToProblem();
    }

    public static async Task<IResult> CommitAsync(
        HttpContext http,
        IDocumentSession session,
        Countries countries,
        JasperFx.Events.IEventStream<CatalogEntry> stream,
        Decision<IModelEvent> decision,
        int status,
        string? location)
    {
        if (decision.Rejection is { } rejection)
        {
            return Problems.Conflict(rejection.Rule, rejection.Detail);
        }

        // Read before appending: Marten advances CurrentVersion as events are appended.
        var version = (stream.CurrentVersion ?? 0) + decision.Events.Count;
        var state = decision.Events.Aggregate(stream.Aggregate?.State, ModelDecider.Evolve)!;
        stream.AppendMany(decision.Events);
        return await session.CommitAsync(http, status, location, version, ModelView.From(state, version, countries));
    }
}
