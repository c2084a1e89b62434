using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Intelligence.TestSupport;

/// <summary>A message as an outside consumer sees it on the broker.</summary>
public sealed record ReceivedMessage(string? AmqpMessageId, JsonElement Envelope, DateTime ReceivedAtUtc)
{
    /// <summary>The MassTransit envelope's message id.</summary>
    public string? EnvelopeMessageId => Envelope.TryGetProperty("messageId", out var id) ? id.GetString() : null;

    /// <summary>The integration event itself.</summary>
    public JsonElement Message => Envelope.GetProperty("message");
}

/// <summary>
/// A real consumer bound to an exchange with the plain RabbitMQ client, as a team outside .NET would bind:
/// an exclusive queue that lives as long as the probe.
/// </summary>
public sealed class BrokerProbe : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<ReceivedMessage> _received = new();

    private BrokerProbe(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public IReadOnlyCollection<ReceivedMessage> Received => _received.ToArray();

    public static async Task<BrokerProbe> BindAsync(string exchange)
    {
        var factory = RabbitConnections.Factory();
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();

        // The same declaration MassTransit makes, so whichever side comes first, the binding holds.
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var queue = await channel.QueueDeclareAsync(queue: string.Empty, durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, exchange, routingKey: string.Empty);

        var probe = new BrokerProbe(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            probe._received.Enqueue(new ReceivedMessage(delivery.BasicProperties.MessageId, document.RootElement.Clone(), DateTime.UtcNow));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return probe;
    }

    public Task<ReceivedMessage> WaitForAsync(Func<ReceivedMessage, bool> match, TimeSpan timeout, string what) =>
        Eventually.Until(
            () => Task.FromResult(_received.FirstOrDefault(match)),
            found => found is not null,
            timeout,
            what)!;

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _channel.Dispose();
        _connection.Dispose();
    }
}
