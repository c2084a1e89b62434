using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The pricing service beside the releases service, each with a database of its own on the real PostgreSQL, talking
/// through the real broker: the pricing host consumes the model events the releases host publishes, on queues of its own.
/// </summary>
public class PricingSystem : IAsyncLifetime
{
    private readonly bool _ownVirtualHost;
    private TestDatabase? _pricingDatabase;
    private TestDatabase? _releasesDatabase;
    private string? _virtualHost;

    public PricingSystem()
        : this(ownVirtualHost: false)
    {
    }

    /// <param name="ownVirtualHost">Both hosts on a virtual host of their own: the models other test classes announce never reach this replica.</param>
    protected PricingSystem(bool ownVirtualHost) => _ownVirtualHost = ownVirtualHost;

    public ServiceHost<Program> Pricing { get; private set; } = null!;

    public ServiceHost<Releases.Program> Releases { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public HttpClient ReleasesClient { get; private set; } = null!;

    public IDocumentStore Store => Pricing.Services.GetRequiredService<IDocumentStore>();

    public string ConnectionString => _pricingDatabase!.ConnectionString;

    public async Task InitializeAsync()
    {
        _pricingDatabase = await TestDatabase.CreateAsync("pricing");
        _releasesDatabase = await TestDatabase.CreateAsync("pricing_releases");
        _virtualHost = _ownVirtualHost ? await TestServers.PrivateVirtualHostAsync("pricing") : null;
        KeyValuePair<string, string?>[] broker = _virtualHost is null
            ? [.. TestServers.RabbitSettings()]
            : [.. TestServers.RabbitSettings().Where(setting => setting.Key != "RabbitMq:VirtualHost"), new("RabbitMq:VirtualHost", _virtualHost)];
        Releases = new ServiceHost<Releases.Program>(
            [
                new("ConnectionStrings:Marten", _releasesDatabase.ConnectionString),
                .. broker,
            ]);
        Releases.Start();
        ReleasesClient = Releases.NewClient();

        Pricing = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", _pricingDatabase.ConnectionString),
                .. broker,
                .. TestServers.PrivateQueues("pricing"),
                new("Pricing:PendingSweepSeconds", "1"),
            ]);
        Pricing.Start();
        Client = Pricing.NewClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        ReleasesClient.Dispose();
        await Pricing.DisposeAsync();
        await Releases.DisposeAsync();
        foreach (var database in new[] { _pricingDatabase, _releasesDatabase })
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
        }

        if (_virtualHost is not null)
        {
            await TestServers.DeleteVirtualHostAsync(_virtualHost);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Announces a model in the releases service, whose event reaches the pricing service through the broker.</summary>
    public async Task AnnounceModelAsync(string id, string country, string name = "Test model")
    {
        var response = await ReleasesClient.PostAsJsonAsync("/models", new
        {
            id,
            name,
            organization = new { name = "Test Lab" },
            originCountries = new[] { country },
            releaseDate = "2024-01-15",
            openWeights = true,
            sourceUrl = "https://example.org/release",
        });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A file of the repository's <c>data/</c> folder.</summary>
    public static string DataFile(string name) => RepositoryFiles.PathOf($"data/{name}");
}

/// <summary>A <see cref="PricingSystem"/> on a virtual host of its own, whose data moves only with its own tests' writes.</summary>
public sealed class IsolatedPricingSystem() : PricingSystem(ownVirtualHost: true);
