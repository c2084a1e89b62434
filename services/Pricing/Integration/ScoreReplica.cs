using Intelligence.Platform;
using Intelligence.Platform.EventStore;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Projections;
using Marten;
using MassTransit;
using Releases = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Integration;

/// <summary>
/// A model's score on a benchmark was recorded: the score history of its stream learns it, in the consumer's
/// transaction. A batch reads every history it touches in one query. Redelivery changes nothing (the handled-message
/// marker, and a point already held at that stream version); a score may arrive before its model, and is joined to it
/// when read. A change marks the quality answers stale from the score's date.
/// </summary>
public sealed class BenchmarkScoreRecordedConsumer(IDocumentStore store, ServiceIdentity service, TimeProvider clock)
    : IdempotentConsumer<Releases.BenchmarkScoreRecorded>(store, service, clock)
{
    protected override Task Handle(Releases.BenchmarkScoreRecorded message, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([message], session, cancellationToken);

    protected override Task HandleMany(IReadOnlyList<ConsumeContext<Releases.BenchmarkScoreRecorded>> messages, IDocumentSession session, CancellationToken cancellationToken) =>
        ApplyAsync([.. messages.Select(context => context.Message)], session, cancellationToken);

    private static async Task ApplyAsync(IReadOnlyList<Releases.BenchmarkScoreRecorded> messages, IDocumentSession session, CancellationToken cancellationToken)
    {
        var held = (await session.LoadManyAsync<ModelScore>(cancellationToken, messages.Select(message => message.ScoreId).Distinct(StringComparer.Ordinal)))
            .ToDictionary(score => score.Id, StringComparer.Ordinal);
        var changed = new Dictionary<string, ModelScore>(StringComparer.Ordinal);
        DateOnly? staleFrom = null;
        foreach (var message in messages)
        {
            var current = changed.GetValueOrDefault(message.ScoreId) ?? held.GetValueOrDefault(message.ScoreId);
            var next = current?.With(message) ?? ModelScore.From(message);
            if (!ReferenceEquals(next, current))
            {
                changed[message.ScoreId] = next;
                staleFrom = staleFrom < message.MeasuredOn ? staleFrom : message.MeasuredOn;
            }
        }

        foreach (var score in changed.Values)
        {
            session.Store(score);
        }

        if (staleFrom is { } from)
        {
            session.MarkStale(ModelScore.QualityRead, from); // the latest score on or before a day changes from the score's date on
        }
    }
}
