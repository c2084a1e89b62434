using Intelligence.Platform.Domain;
using Intelligence.Platform.Http;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.EventStore;

/// <summary>What a command answers once its events are appended: its status, where what it created is, and its body.</summary>
public sealed record CommandAnswer(int Status, string? Location, object Body);

/// <summary>A command's decision applied to its stream: the state before and after, the events appended, and the stream's version after them.</summary>
public sealed record Decided<TState, TEvent>(TState? Before, TState After, IReadOnlyList<TEvent> Events, long Version);

/// <summary>Opens a <see cref="StreamCommand{TDoc}"/>.</summary>
public static class StreamCommand
{
    /// <summary>Loads <paramref name="streamId"/> for writing and checks the request's <c>If-Match</c> against its version.</summary>
    public static async Task<StreamCommand<TDoc>> OpenAsync<TDoc>(HttpContext http, IDocumentSession session, string streamId)
        where TDoc : class
    {
        var stream = await session.Events.FetchForWriting<TDoc>(streamId, http.RequestAborted);
        return new StreamCommand<TDoc>(http, session, stream, CommandResults.CheckIfMatch(http, stream.CurrentVersion));
    }
}

/// <summary>
/// The one way a command meets a stream, in every service: load the stream for writing (saving fails as a lost race
/// if another writer appended meanwhile), honour <c>If-Match</c>, decide on its state (a pure function the caller
/// gives), answer a broken rule with <c>409</c> naming it, append, and commit with the idempotency record, answering
/// with the stream's new version as ETag.
/// </summary>
public sealed class StreamCommand<TDoc>
    where TDoc : class
{
    private readonly HttpContext _http;
    private readonly IDocumentSession _session;
    private readonly IEventStream<TDoc> _stream;

    internal StreamCommand(HttpContext http, IDocumentSession session, IEventStream<TDoc> stream, IResult? refusal)
    {
        _http = http;
        _session = session;
        _stream = stream;
        Refusal = refusal;
    }

    /// <summary>The stream's state as stored; null when it has not started.</summary>
    public TDoc? Current => _stream.Aggregate;

    /// <summary>The answer to a request whose <c>If-Match</c> is malformed or names another version; null when the command may go on.</summary>
    public IResult? Refusal { get; }

    /// <summary>
    /// Appends the decision's events and commits. <paramref name="answer"/> runs after the events are appended and
    /// before the commit, so that what it stores (a derived write) commits with them.
    /// </summary>
    /// <param name="before">The state the decision was made on (what <see cref="Current"/> holds, or a service's empty state).</param>
    public async Task<IResult> CommitAsync<TState, TEvent>(
        Decision<TEvent> decision, TState? before, Func<TState?, TEvent, TState?> evolve, Func<Decided<TState, TEvent>, Task<CommandAnswer>> answer)
        where TState : class
    {
        if (decision.Rejection is { } rejection)
        {
            return Problems.Conflict(rejection.Rule, rejection.Detail);
        }

        // Read before appending: Marten advances CurrentVersion as events are appended.
        var version = (_stream.CurrentVersion ?? 0) + decision.Events.Count;
        var after = decision.Events.Aggregate(before, evolve)
            ?? throw new InvalidOperationException($"The decision on stream '{_stream.Key}' left no state: a decider accepts only what its evolve can fold.");
        _stream.AppendMany(decision.Events.Cast<object>());
        var (status, location, body) = await answer(new Decided<TState, TEvent>(before, after, decision.Events, version));
        return await _session.CommitAsync(_http, status, location, version, body);
    }

    /// <inheritdoc cref="CommitAsync{TState, TEvent}(Decision{TEvent}, TState, Func{TState, TEvent, TState}, Func{Decided{TState, TEvent}, Task{CommandAnswer}})"/>
    public Task<IResult> CommitAsync<TState, TEvent>(
        Decision<TEvent> decision, TState? before, Func<TState?, TEvent, TState?> evolve, Func<Decided<TState, TEvent>, CommandAnswer> answer)
        where TState : class =>
        CommitAsync(decision, before, evolve, decided => Task.FromResult(answer(decided)));
}
