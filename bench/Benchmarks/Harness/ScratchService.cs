using System.Net.Http.Json;
using System.Text;
using Intelligence.Platform.Import;
using Intelligence.TestSupport;
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

    private ScratchService(TestDatabase database, ServiceHost<TProgram> host, string schema)
    {
        _database = database;
        _host = host;
        _schema = schema;
        Client = host.NewClient(TestApiKeys.Editor);
        Client.Timeout = TimeSpan.FromMinutes(10);
    }

    public HttpClient Client { get; }

    public ServiceHost<TProgram> Host => _host;

    public Uri Address => _host.BaseAddress;

    /// <param name="service">The service's name, which is also its Marten schema.</param>
    /// <param name="relay">Run the async daemon, hence the relay publishing stored events to the broker.</param>
    public static async Task<ScratchService<TProgram>> StartAsync(string service, bool relay)
    {
        var database = await TestDatabase.CreateAsync($"bench_{service}");
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
            return new ScratchService<TProgram>(database, host, service);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>POST /imports</c> of a CSV file; any answer but a success stops the run.</summary>
    /// <typeparam name="TReport">The report the service answers (<see cref="ImportReport"/>, or its own).</typeparam>
    public async Task<TReport> ImportAsync<TReport>(string csv, CancellationToken cancellationToken)
        where TReport : class
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await Client.PostAsync(new Uri("imports", UriKind.Relative), content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /imports answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return await response.Content.ReadFromJsonAsync<TReport>(cancellationToken)
            ?? throw new InvalidOperationException("POST /imports answered no report.");
    }

    /// <summary>The events stored in the service's event store, counted in its database.</summary>
    public async Task<long> StoredEventsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{_schema}\".mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

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
        await _database.DisposeAsync();
    }
}
