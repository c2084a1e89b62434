using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using Intelligence.Contracts;
using Intelligence.Platform.Geography;
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

    /// <summary>As MassTransit 8.5 writes its envelopes: camel case, indented, nulls written.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

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
    /// the message, sent time, headers, host), serialized as MassTransit does (camel case, indented, nulls written):
    /// the relay's own message, as a queue bound to its exchange receives it, has the same fields in the same order.
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
        var process = Process.GetCurrentProcess();
        var envelope = new
        {
            messageId = eventId,
            requestId = (Guid?)null,
            correlationId = eventId,
            conversationId = Guid.NewGuid(),
            initiatorId = (Guid?)null,
            sourceAddress = $"rabbitmq://{TestServers.RabbitHost}/{virtualHost}/{Environment.MachineName}_IntelligenceBenchmarks_bus_{Guid.NewGuid():N}"[..^6] + "?temporary=true",
            destinationAddress = $"rabbitmq://{TestServers.RabbitHost}/{virtualHost}/{IntegrationEventEntityNames.For(typeof(Contract.ModelReleased))}",
            responseAddress = (string?)null,
            faultAddress = (string?)null,
            messageType = new[] { "urn:message:Intelligence.Contracts.Releases:ModelReleased", "urn:message:Intelligence.Contracts:IIntegrationEvent" },
            message,
            expirationTime = (DateTime?)null,
            sentTime = now.UtcDateTime,
            headers = new Dictionary<string, string>(),
            host = new
            {
                machineName = Environment.MachineName,
                processName = process.ProcessName,
                processId = Environment.ProcessId,
                assembly = process.ProcessName,
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
