using RabbitMQ.Client;

namespace Intelligence.TestSupport;

/// <summary>Plain AMQP connections to the test run's broker and virtual host, for what tests send or read outside MassTransit.</summary>
public static class RabbitConnections
{
    public static ConnectionFactory Factory() => new()
    {
        HostName = TestServers.RabbitHost,
        Port = TestServers.RabbitPort,
        VirtualHost = TestServers.RabbitVirtualHost,
        UserName = "guest",
        Password = "guest",
    };

    /// <summary>
    /// Publishes <paramref name="body"/> straight into one queue (the default exchange), confirmed by the broker: no
    /// other consumer bound to the message's exchange sees it.
    /// </summary>
    public static async Task PublishToQueueAsync(string queue, byte[] body, string contentType = "application/vnd.masstransit+json")
    {
        await using var connection = await Factory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.BasicPublishAsync(
            exchange: string.Empty,
            routingKey: queue,
            mandatory: true,
            basicProperties: new BasicProperties { ContentType = contentType, MessageId = Guid.NewGuid().ToString() },
            body: body);
    }
}
