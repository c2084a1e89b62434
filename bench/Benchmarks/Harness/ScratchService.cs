using System.Net.Http.Json;
using System.Text;
using Intelligence.Platform.Import;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// A service hosted in-process on Kestrel exactly as its Program builds it, on a scratch database of its own and
/// the real broker, with an HTTP client to it. The relay (the async daemon) runs unless told not to.
/// </summary>
public sealed class ScratchService<TProgram> : IAsyncDisposable
    where TProgram : class
{
    private readonly TestDatabase _database;
    private readonly ServiceHost<TProgram> _host;
    private readonly string _schema;
    private readonly bool _ownsDatabase;

    private ScratchService(TestDatabase database, bool ownsDatabase, ServiceHost<TProgram> host, string schema)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        _host = host;
        _schema = schema;
        Client = host.NewClient(TestApiKeys.Editor);
        Client.Timeout = TimeSpan.FromMinutes(10);
    }

    public HttpClient Client { get; }

    public ServiceHost<TProgram> Host => _host;

    public Uri Address => _host.BaseAddress;

    /// <summary>The service's database, with its schema applied (by the host, as it started).</summary>
    public TestDatabase Database => _database;

    /// <param name="service">The service's name, which is also its Marten schema.</param>
    /// <param name="relay">Run the async daemon, hence the relay publishing stored events to the broker.</param>
    /// <param name="database">
    /// A database another host of the service left behind, kept when this one stops; by default a fresh one, dropped
    /// with the host.
    /// </param>
    public static async Task<ScratchService<TProgram>> StartAsync(string service, bool relay, TestDatabase? database = null)
    {
        var owned = database is null;
        database ??= await TestDatabase.CreateAsync($"bench_{service}");
        ServiceHost<TProgram>? host = null;
        try
        {
            host = new ServiceHost<TProgram>(
                [
                    new("ConnectionStrings:Marten", database.ConnectionString),
                    .. TestServers.RabbitSettings(),
                    // Queues of its own, deleted with it: a service that consumes never takes another host's messages.
                    .. TestServers.PrivateQueues(service),
                    new("Marten:DaemonMode", relay ? "HotCold" : "Disabled"),
                    new("Logging:LogLevel:Default", "Warning"),
                    // Noise, not findings: Kestrel's note on the test host's address, the relay's retries of the page it
                    // was publishing when its host stops (and MassTransit's faults of those publishes, cancelled), and the
                    // daemon's LISTEN connection cut as the database is dropped.
                    new("Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel", "Error"),
                    new("Logging:LogLevel:Intelligence.Platform.Messaging.IntegrationEventRelay", "Error"),
                    new("Logging:LogLevel:MassTransit", "Critical"),
                    new("Logging:LogLevel:Marten.Events.Daemon", "Critical"),
                ]);
            host.Start();
            return new ScratchService<TProgram>(database, owned, host, service);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (owned)
            {
                await database.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary><c>POST /imports</c> of a CSV file; any answer but a success stops the run.</summary>
    /// <typeparam name="TReport">The report the service answers (<see cref="ImportReport"/>, or its own).</typeparam>
    public Task<TReport> ImportAsync<TReport>(string csv, CancellationToken cancellationToken)
        where TReport : class => ImportAsync<TReport>(Client, "imports", csv, cancellationToken);

    /// <summary>A <c>POST</c> of a CSV file to an import endpoint, through whatever <paramref name="client"/> talks to; any answer but a success stops the run.</summary>
    public static async Task<TReport> ImportAsync<TReport>(HttpClient client, string path, string csv, CancellationToken cancellationToken)
        where TReport : class
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<TReport>(cancellationToken)
            ?? throw new InvalidOperationException($"POST {path} answered no report.");
    }

    /// <summary>The events stored in the service's event store, counted in its database.</summary>
    public Task<long> StoredEventsAsync(CancellationToken cancellationToken) =>
        CountAsync($"SELECT count(*) FROM \"{_schema}\".mt_events", cancellationToken);

    /// <summary>
    /// A count read from the service's database with <paramref name="sql"/>, in which <c>{schema}</c> stands for the
    /// service's schema: <c>SELECT count(*) FROM {schema}.mt_doc_handledmessage</c>.
    /// </summary>
    public async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql.Replace("{schema}", $"\"{_schema}\"", StringComparison.Ordinal), connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How long until the service's asynchronous projections have taken every event stored now (zero for a service
    /// that projects everything inline): the lag a reader of its lists sees after a write. Polled every 20 ms, for at
    /// most <paramref name="timeout"/>.
    /// </summary>
    public Task<TimeSpan> ProjectionsCaughtUpAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        ProjectionCatchUp.WaitAsync(_host.Services.GetRequiredService<IDocumentStore>(), timeout, cancellationToken);

    /// <summary>The events stored in the service's event store by type, counted in its database: what a failed check says.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StoredEventTypesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT type, count(*) FROM \"{_schema}\".mt_events GROUP BY type ORDER BY type", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var types = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            types[reader.GetString(0)] = reader.GetInt64(1);
        }

        return types;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        if (_ownsDatabase)
        {
            await _database.DisposeAsync();
        }
    }
}
