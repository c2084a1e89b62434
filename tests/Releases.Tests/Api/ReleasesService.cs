using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Releases.Tests.Api;

/// <summary>The releases service, hosted against a database of its own on the real PostgreSQL and the real broker.</summary>
public sealed class ReleasesService : IAsyncLifetime
{
    private TestDatabase? _database;

    public ServiceHost<Program> Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>Waits until the catalog and its counters hold every model stored so far (<see cref="ServiceHost{TProgram}.ProjectionsCaughtUpAsync"/>).</summary>
    public Task CaughtUpAsync() => Host.ProjectionsCaughtUpAsync();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("releases");
        Host = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", _database.ConnectionString),
                new("Releases:ShippedScoreSweepSeconds", "1"),
                .. TestServers.RabbitSettings(),
            ]);
        Host.Start();
        Client = Host.NewClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
