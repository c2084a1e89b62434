using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Intelligence.Platform.Geography;
using Intelligence.Platform.Http;
using Intelligence.Platform.Messaging;
using Intelligence.Releases.Domain;
using Intelligence.TestSupport;
using RabbitMQ.Client;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// The broker as a plain AMQP client sees it: connections to the benchmark's virtual host (the one the scratch
/// services publish in), and a ModelReleased message as the releases relay sends it, envelope and all.
/// </summary>
public static class Broker
{
    public const string ContentType = "application/vnd.masstransit+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<IConnection> ConnectAsync(string name, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = TestServers.RabbitHost,
            Port = TestServers.RabbitPort,
            VirtualHost = TestServers.RabbitVirtualHost,
            UserName = "guest",
            Password = "guest",
            ClientProvidedName = name,
        };
        return await factory.CreateConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// The body the relay publishes for <paramref name="announced"/>: the ModelReleased contract the releases
    /// service maps it to, in MassTransit's JSON envelope (message id, conversation, addresses, message types,
    /// the message, sent time, correlation header, host), serialized as MassTransit does (camel case, no nulls).
    /// </summary>
    public static byte[] ModelReleasedEnvelope(ModelAnnounced announced, Guid eventId, string virtualHost)
    {
        var details = announced.Details;
        var now = DateTimeOffset.UtcNow;
        var message = new Contract.ModelReleased(
            eventId, announced.ModelId, 1, details.ReleasedOn, now, announced.Source,
            details.Name, details.Organization.Id, details.Organization.Name, details.Organization.HomeCountry,
            details.OriginCountries, Countries.Iso3166.BlocOf(details.OriginCountries[0]), KebabCase.Name(details.DateBasis),
            details.Access.OpenWeights, details.Access.Licence, KebabCase.Name(details.Access.FreeAccess), details.Access.ApiAvailable,
            details.Modalities, details.ParameterCount, KebabCase.Name(details.Confidence));
        var correlation = Guid.NewGuid();
        var process = Process.GetCurrentProcess();
        var envelope = new
        {
            messageId = eventId,
            correlationId = correlation,
            conversationId = Guid.NewGuid(),
            sourceAddress = $"rabbitmq://{TestServers.RabbitHost}/{virtualHost}/{Environment.MachineName}_Releases_bus_{Guid.NewGuid():N}?temporary=true",
            destinationAddress = $"rabbitmq://{TestServers.RabbitHost}/{virtualHost}/{IntegrationEventEntityNames.For(typeof(Contract.ModelReleased))}",
            messageType = new[] { "urn:message:Intelligence.Contracts.Releases:ModelReleased", "urn:message:Intelligence.Contracts:IIntegrationEvent" },
            message,
            sentTime = now,
            headers = new Dictionary<string, string> { [CorrelationId.Header] = correlation.ToString() },
            host = new
            {
                machineName = Environment.MachineName,
                processName = process.ProcessName,
                processId = Environment.ProcessId,
                assembly = "Releases",
                assemblyVersion = "1.0.0.0",
                frameworkVersion = Environment.Version.ToString(),
                massTransitVersion = typeof(MassTransit.IBus).Assembly.GetName().Version?.ToString(),
                operatingSystemVersion = RuntimeInformation.OSDescription,
            },
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, Json);
    }

    /// <summary>The version of RabbitMQ.Client in use, for notes.</summary>
    public static string ClientVersion =>
        typeof(ConnectionFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "7";
}
