using Intelligence.TestSupport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>The adoption service, hosted against a database of its own on the real PostgreSQL and the real broker.</summary>
public class AdoptionService : IAsyncLifetime
{
    private TestDatabase? _database;

    public ServiceHost<Program> Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The adoption host's own bus: publishing on it puts a real message on the broker.</summary>
    public IBusControl Bus => Host.Services.GetRequiredService<IBusControl>();

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("adoption");
        Host = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", _database.ConnectionString),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues("adoption"),
            ]);
        Host.Start();
        Client = Host.NewClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The adoption service beside a real releases service: the catalog reaches adoption through the broker.</summary>
public sealed class AdoptionWithReleases : AdoptionService
{
    private TestDatabase? _releasesDatabase;

    public ServiceHost<Intelligence.Releases.Program> ReleasesHost { get; private set; } = null!;

    public HttpClient ReleasesClient { get; private set; } = null!;

    /// <summary>Waits until the releases service's catalog holds every model it stored (its daemon projects them a moment after the write).</summary>
    public Task ReleasesCaughtUpAsync() => ReleasesHost.ProjectionsCaughtUpAsync();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _releasesDatabase = await TestDatabase.CreateAsync("adoption_releases");
        ReleasesHost = new ServiceHost<Intelligence.Releases.Program>(
            [
                new("ConnectionStrings:Marten", _releasesDatabase.ConnectionString),
                .. TestServers.RabbitSettings(),
            ]);
        ReleasesHost.Start();
        ReleasesClient = ReleasesHost.NewClient();
    }

    public override async Task DisposeAsync()
    {
        ReleasesClient.Dispose();
        await ReleasesHost.DisposeAsync();
        if (_releasesDatabase is not null)
        {
            await _releasesDatabase.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}

/// <summary>The repository's reference data (<c>data/</c>).</summary>
public static class ReferenceData
{
    public static string PathOf(string file) => RepositoryFiles.PathOf($"data/{file}");

    public static string Read(string file) => File.ReadAllText(PathOf(file));
}
