using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>The regulation service, hosted against a database of its own on the real PostgreSQL and the real broker.</summary>
public class RegulationService : IAsyncLifetime
{
    private TestDatabase? _database;

    public ServiceHost<Program> Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>Waits until the daemon has projected every event so far: the status spells and step dates, and what reads them, follow a write by a moment.</summary>
    public Task CaughtUpAsync() => Host.ProjectionsCaughtUpAsync();

    public virtual async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("regulation");
        Host = new ServiceHost<Program>(
            [
                new("ConnectionStrings:Marten", _database.ConnectionString),
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

/// <summary>The service with the reference file imported once: the hand-checked set the as-of tests ask about.</summary>
public sealed class ReferenceRegulations : RegulationService
{
    public System.Text.Json.JsonElement FirstReport { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var content = new StringContent(await File.ReadAllTextAsync(ReferenceFile.Path), System.Text.Encoding.UTF8, "text/csv");
        var response = await Client.PostAsync("/imports", content);
        response.EnsureSuccessStatusCode();
        FirstReport = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        await CaughtUpAsync();
    }
}

/// <summary>The repository's bundled <c>data/regulations.csv</c>, found by walking up to the folder holding the solution.</summary>
public static class ReferenceFile
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Intelligence.sln")))
            {
                return System.IO.Path.Combine(directory.FullName, "data", "regulations.csv");
            }
        }

        throw new FileNotFoundException("No Intelligence.sln above the test binaries; cannot find data/regulations.csv.");
    }
}
