using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform.Http;
using Marten;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Intelligence.Platform.Messaging;

/// <summary>
/// <c>GET /events?after=&amp;limit=&amp;types=</c>: the service's integration events read from its store by position
/// (catch-up reading), the same facts the relay publishes, so a reader that missed the broker loses nothing.
/// </summary>
/// <remarks>
/// Positions are Marten event sequence numbers. The feed reads only up to the store's high-water mark, the highest
/// sequence below which every transaction has committed or been given up, so an event committed late with a lower
/// sequence is never skipped by a reader that has already moved past it. <c>next</c> advances past events the service
/// keeps to itself and past events the <c>types</c> filter leaves out.
/// </remarks>
public static class IntegrationEventFeed
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>At most this many stored events are examined per request, so a narrow filter cannot scan a whole store.</summary>
    private const int MaxScanned = 5000;

    private static readonly ConcurrentDictionary<Type, string[]> MessageTypes = new();

    /// <param name="Position">The event's sequence in the service's store: read after it to continue.</param>
    /// <param name="Type">The exchange the event is published to, e.g. <c>intelligence.releases.model-released</c>.</param>
    /// <param name="MessageId">The broker message id: the stored event's id.</param>
    /// <param name="MessageType">The envelope's <c>messageType</c> URNs, as on the broker.</param>
    /// <param name="RecordedAt">When the event was committed (the message's <c>recordedAt</c>).</param>
    /// <param name="Message">The integration event, serialized exactly as the envelope's <c>message</c> on the broker.</param>
    public sealed record Item(long Position, string Type, Guid MessageId, IReadOnlyList<string> MessageType, DateTimeOffset RecordedAt, JsonElement Message);

    /// <param name="Next">The position to read after next time; past every event this page examined.</param>
    /// <param name="HighWaterMark">How far the store is safe to read now.</param>
    /// <param name="More">True when the page stopped before the high-water mark (limit or scan bound reached).</param>
    public sealed record Page(IReadOnlyList<Item> Items, long Next, long HighWaterMark, bool More);

    public static IEndpointRouteBuilder MapIntegrationEventFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", Handle)
            .WithName("ReadIntegrationEvents")
            .WithSummary("Integration events after a position, in store order, as published on the broker. after: a position (0 or absent for the start); limit 1 to 1000 (default 100); types: comma list of exchange names (intelligence.releases.model-released) or their last part (model-released).")
            .Produces<Page>()
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> Handle(
        IQuerySession session,
        IIntegrationEventMap map,
        ServiceIdentity service,
        CancellationToken cancellationToken,
        string? after = null,
        string? limit = null,
        string? types = null)
    {
        var validation = new Validation();
        var from = ReadNumber(after, "after", 0, long.MaxValue, 0, validation);
        var count = (int)ReadNumber(limit, "limit", 1, MaxLimit, DefaultLimit, validation);
        var wanted = ReadTypes(types, service.Name, validation);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        return TypedResults.Ok(await ReadAsync(session, map, from, count, wanted, cancellationToken));
    }

    public static async Task<Page> ReadAsync(
        IQuerySession session, IIntegrationEventMap map, long after, int limit, IReadOnlySet<string>? types, CancellationToken cancellationToken)
    {
        var highWaterMark = await HighWaterMarkAsync(session, cancellationToken);
        var items = new List<Item>(Math.Min(limit, 256));
        var next = Math.Max(after, 0);
        var scanned = 0;
        while (next < highWaterMark && items.Count < limit && scanned < MaxScanned)
        {
            var floor = next;
            var batch = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > floor && e.Sequence <= highWaterMark)
                .OrderBy(e => e.Sequence)
                .Take(Math.Min(500, MaxScanned - scanned))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                // Nothing stored between here and the mark (sequence numbers given up by rolled-back transactions).
                next = highWaterMark;
                break;
            }

            foreach (var stored in batch)
            {
                scanned++;
                next = stored.Sequence;
                if (map.ToIntegrationEvent(stored) is { } message
                    && IntegrationEventEntityNames.For(message.GetType()) is var type
                    && (types is null || types.Contains(type)))
                {
                    items.Add(new Item(stored.Sequence, type, stored.Id, MessageTypeOf(message.GetType()), message.RecordedAt, Serialize(message)));
                    if (items.Count == limit)
                    {
                        break;
                    }
                }
            }
        }

        return new Page(items, next, highWaterMark, next < highWaterMark);
    }

    /// <summary>The event as MassTransit writes it under the envelope's <c>message</c> (its shared serializer options).</summary>
    public static JsonElement Serialize(IIntegrationEvent message) =>
        JsonSerializer.SerializeToElement(message, message.GetType(), SystemTextJsonMessageSerializer.Options);

    private static string[] MessageTypeOf(Type type) => MessageTypes.GetOrAdd(type, static t =>
        (string[])typeof(MessageTypeCache<>).MakeGenericType(t)
            .GetProperty("MessageTypeNames", BindingFlags.Public | BindingFlags.Static)!
            .GetValue(null)!);

    private static async Task<long> HighWaterMarkAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var marks = await session.AdvancedSql.QueryAsync<long>(
            $"select last_seq_id from {schema}.mt_event_progression where name = 'HighWaterMark'", cancellationToken);
        return marks.Count > 0 ? marks[0] : 0;
    }

    private static long ReadNumber(string? text, string field, long min, long max, long fallback, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        validation.Add(field, max == long.MaxValue ? $"must be a whole number, {min} or more" : $"must be a whole number from {min} to {max}");
        return fallback;
    }

    /// <summary>The exchange names a <c>types</c> list names; short names are this service's events.</summary>
    private static HashSet<string>? ReadTypes(string? text, string serviceName, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var valid = names.Length is > 0 and <= 50
            && names.All(name => name.Length <= 200 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.'));
        validation.Check(valid, "types", "must be a comma list of up to 50 event names in kebab case, e.g. model-released or intelligence.releases.model-released");
        return valid
            ? names.Select(name => name.Contains('.', StringComparison.Ordinal) ? name : $"intelligence.{serviceName}.{name}").ToHashSet(StringComparer.Ordinal)
            : null;
    }
}
