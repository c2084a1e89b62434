using System.Diagnostics;
using Intelligence.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Intelligence.EndToEnd.Tests;

/// <summary>
/// The gateway, the releases service and the two services that consume its events (pricing and adoption), on real
/// sockets, PostgreSQL and RabbitMQ, each exporting its spans to <see cref="Spans"/> as it would to a collector.
/// </summary>
public sealed class TracedSystem : IAsyncLifetime
{
    private readonly List<TestDatabase> _databases = [];
    private readonly List<IAsyncDisposable> _hosts = [];

    /// <summary>Every span the apps ended. The apps share the test process, so each span may be exported more than once.</summary>
    public SpanCollection Spans { get; } = new();

    public ServiceHost<Gateway.Program> Gateway { get; private set; } = null!;

    public ServiceHost<Releases.Program> Releases { get; private set; } = null!;

    public HttpClient ThroughGateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Releases = await StartServiceAsync<Releases.Program>("releases");
        await StartServiceAsync<Pricing.Program>("pricing");
        await StartServiceAsync<Adoption.Program>("adoption");
        Gateway = Track(new ServiceHost<Gateway.Program>(
            [new("ReverseProxy:Clusters:releases:Destinations:releases-1:Address", Releases.BaseAddress.ToString())],
            ExportSpans));
        Gateway.Start();
        ThroughGateway = Gateway.NewClient();
    }

    public async Task DisposeAsync()
    {
        ThroughGateway.Dispose();
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<ServiceHost<TProgram>> StartServiceAsync<TProgram>(string name)
        where TProgram : class
    {
        var database = await TestDatabase.CreateAsync($"trace_{name}");
        _databases.Add(database);
        var host = Track(new ServiceHost<TProgram>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues(name),
            ],
            ExportSpans));
        host.Start();
        return host;
    }

    /// <summary>What a deployment's OTLP exporter does, into memory: the app's own tracer provider, with its own sources.</summary>
    private void ExportSpans(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));

    private ServiceHost<TProgram> Track<TProgram>(ServiceHost<TProgram> host)
        where TProgram : class
    {
        _hosts.Add(host);
        return host;
    }
}

/// <summary>A collection the in-memory exporters of several apps add to at once, and a test reads meanwhile.</summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace, each once.</summary>
    public IReadOnlyList<Activity> Of(ActivityTraceId trace)
    {
        lock (_lock)
        {
            return _spans.Where(span => span.TraceId == trace).DistinctBy(span => span.SpanId).ToList();
        }
    }

    public void Add(Activity item)
    {
        lock (_lock)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_lock)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_lock)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_lock)
        {
            return _spans.ToList().GetEnumerator();
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
