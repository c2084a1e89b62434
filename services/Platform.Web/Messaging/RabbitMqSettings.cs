using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Intelligence.Platform;

/// <summary>Where the service's broker is. Bound from the <c>RabbitMq</c> configuration section.</summary>
public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>Prefix of the service's queue names; the service name when empty. Tests give each host its own.</summary>
    public string QueuePrefix { get; set; } = string.Empty;

    /// <summary>Queues that vanish with their last consumer: for tests, never for a running system.</summary>
    public bool TemporaryQueues { get; set; }

    /// <summary>
    /// Messages a consumer queue may hand the service ahead of their acknowledgement: the most a batch of the
    /// idempotent consumers can gather at once. 64 and 200 measured alike in the relay benchmark here.
    /// </summary>
    public ushort PrefetchCount { get; set; } = 64;

    /// <summary>
    /// Cluster nodes as <c>host:port</c>: the bus connects to the first that answers and moves on to the next when
    /// its connection drops. Empty: <see cref="Host"/> and <see cref="Port"/> alone.
    /// </summary>
    public IList<string> Hosts { get; } = [];

    /// <summary>
    /// Every receive endpoint's queue (and, as MassTransit copies the queue's arguments, its <c>_error</c> and
    /// <c>_skipped</c> queues) is a quorum queue, replicated on the cluster's nodes, so losing a node loses no message.
    /// Unset, it is on in cluster mode (<see cref="Hosts"/> lists more than one node) and off otherwise; refused with
    /// <see cref="TemporaryQueues"/>: a quorum queue is never auto-delete or exclusive.
    /// </summary>
    public bool? QuorumQueues { get; set; }

    /// <summary>AMQP over TLS (the broker's TLS port, 5671 by convention): see <see cref="Messaging.BrokerTls"/>.</summary>
    public bool UseTls { get; set; }

    /// <summary>The name the broker's certificate must carry; <see cref="Host"/> when empty.</summary>
    public string TlsServerName { get; set; } = string.Empty;

    /// <summary>A CA certificate (PEM file) to trust for the broker's certificate besides the system's roots: a private CA.</summary>
    public string TlsCaFile { get; set; } = string.Empty;

    /// <summary>Whether the queues are quorum queues: <see cref="QuorumQueues"/> as configured, else on in a cluster.</summary>
    public bool UsesQuorumQueues => QuorumQueues ?? Hosts.Count > 1;

    /// <summary>The settings of the <c>RabbitMq</c> section, refused when they contradict each other.</summary>
    public static RabbitMqSettings From(IConfiguration configuration)
    {
        var settings = configuration.GetSection("RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();
        settings.Validate();
        return settings;
    }

    /// <summary>Throws when the settings cannot work together, so a misconfigured service stops at startup.</summary>
    public void Validate()
    {
        if (UsesQuorumQueues && TemporaryQueues)
        {
            throw new InvalidOperationException(
                "RabbitMq:QuorumQueues and RabbitMq:TemporaryQueues cannot both be true: a quorum queue is durable and never auto-delete.");
        }

        if (TlsCaFile.Length > 0 && !File.Exists(TlsCaFile))
        {
            throw new InvalidOperationException($"RabbitMq:TlsCaFile names '{TlsCaFile}', which does not exist.");
        }

        if (!UseTls && (TlsCaFile.Length > 0 || TlsServerName.Length > 0))
        {
            throw new InvalidOperationException("RabbitMq:TlsCaFile and RabbitMq:TlsServerName apply only with RabbitMq:UseTls true.");
        }

        foreach (var node in Hosts)
        {
            var colon = node.LastIndexOf(':');
            if (string.IsNullOrWhiteSpace(node) || (colon >= 0 && !ushort.TryParse(node.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                throw new InvalidOperationException($"RabbitMq:Hosts holds '{node}', not a host or host:port.");
            }
        }
    }
}
