using Intelligence.Platform.Domain;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using Marten;

namespace Intelligence.Releases.Features;

/// <summary>A command on a model's stream, through the platform's <see cref="StreamCommand{TDoc}"/>, answered with the model as it now stands.</summary>
internal static class ModelCommands
{
    /// <summary>Runs a command on a known model; 404 when the catalog has none of that id.</summary>
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
        var command = await StreamCommand.OpenAsync<CatalogEntry>(http, session, modelId);
        if (command.Current?.State is not { } state)
        {
            return Problems.NotFound("model", modelId);
        }

        if (command.Refusal is { } refusal)
        {
            return refusal;
        }

        return decide(state) is { } decision
            ? await CommitAsync(command, countries, decision, StatusCodes.Status200OK, location: null)
            : validation.ToProblem();
    }

    public static Task<IResult> CommitAsync(
        StreamCommand<CatalogEntry> command, Countries countries, Decision<IModelEvent> decision, int status, string? location) =>
        command.CommitAsync(
            decision,
            command.Current?.State,
            ModelDecider.Evolve,
            decided => new CommandAnswer(status, location, ModelView.From(decided.After, decided.Version, countries)));
}
