using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.TestSupport;
using AdoptionProgram = Intelligence.Adoption.Program;
using PricingProgram = Intelligence.Pricing.Program;
using RegulationProgram = Intelligence.Regulation.Program;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Harness;

/// <summary>
/// The whole system hosted here on Kestrel: the four services (relays on) and the gateway, loaded with the bundled
/// data through the gateway's imports, and settled: the model the reads ask for has its prices linked in its
/// dossier, which pricing does once the model's ModelReleased has come over the broker.
/// </summary>
public sealed class ScratchSystem : IAsyncDisposable
{
    /// <summary>A model of the bundled data with a price, adoption figures and measures in its origin country.</summary>
    public const string ModelName = "DeepSeek-R1";

    /// <summary>A date when the model's API price was in force (the bundled data ends it on 2025-09-29).</summary>
    public const string AsOf = "2025-06-01";

    private readonly IAsyncDisposable[] _parts;

    private ScratchSystem(
        ScratchService<ReleasesProgram> releases, ScratchGateway gateway, IReadOnlyDictionary<string, Uri> services, string modelId, IAsyncDisposable[] parts)
    {
        Releases = releases;
        Services = services;
        Gateway = gateway;
        ModelId = modelId;
        _parts = parts;
    }

    public ScratchService<ReleasesProgram> Releases { get; }

    public ScratchGateway Gateway { get; }

    /// <summary>Each service's address, by its gateway cluster name: what a second gateway is pointed at.</summary>
    public IReadOnlyDictionary<string, Uri> Services { get; }

    /// <summary>The id of <see cref="ModelName"/> in the catalog.</summary>
    public string ModelId { get; }

    public static async Task<ScratchSystem> StartAsync(CancellationToken cancellationToken)
    {
        var parts = new List<IAsyncDisposable>();
        try
        {
            var releases = await ScratchService<ReleasesProgram>.StartAsync("releases", relay: true);
            parts.Add(releases);
            var pricing = await ScratchService<PricingProgram>.StartAsync("pricing", relay: true);
            parts.Add(pricing);
            var regulation = await ScratchService<RegulationProgram>.StartAsync("regulation", relay: true);
            parts.Add(regulation);
            var adoption = await ScratchService<AdoptionProgram>.StartAsync("adoption", relay: true);
            parts.Add(adoption);
            var services = new Dictionary<string, Uri>
            {
                ["releases"] = releases.Address,
                ["pricing"] = pricing.Address,
                ["regulation"] = regulation.Address,
                ["adoption"] = adoption.Address,
            };
            var gateway = ScratchGateway.Start(services);
            parts.Add(gateway);

            using var importer = gateway.NewClient(TestApiKeys.Editor);
            foreach (var (service, file) in new[] { ("releases", "releases"), ("pricing", "prices"), ("regulation", "regulations"), ("adoption", "adoption") })
            {
                using var csv = new StringContent(await File.ReadAllTextAsync(Repository.File("data", $"{file}.csv"), cancellationToken), Encoding.UTF8, "text/csv");
                using var imported = await importer.PostAsync(new Uri($"/api/{service}/imports", UriKind.Relative), csv, cancellationToken);
                imported.EnsureSuccessStatusCode();
            }

            using var reader = gateway.NewClient(TestApiKeys.Reader);
            var models = await reader.GetFromJsonAsync<JsonElement>(new Uri($"/api/releases/models?q={Uri.EscapeDataString(ModelName)}", UriKind.Relative), cancellationToken);
            var modelId = models.GetProperty("items")[0].GetProperty("id").GetString()!;

            // Pricing and adoption link their rows to the model once its ModelReleased arrives over the broker.
            await Eventually.Until(
                () => reader.GetFromJsonAsync<JsonElement>(new Uri($"/api/models/{modelId}/dossier?asOf={AsOf}", UriKind.Relative), cancellationToken),
                dossier => dossier.GetProperty("prices").ValueKind == JsonValueKind.Array && dossier.GetProperty("prices").GetArrayLength() > 0,
                TimeSpan.FromSeconds(60),
                $"the dossier of {modelId} with its prices");
            return new ScratchSystem(releases, gateway, services, modelId, [.. parts]);
        }
        catch
        {
            await DisposeAllAsync(parts);
            throw;
        }
    }

    public ValueTask DisposeAsync() => DisposeAllAsync(_parts);

    /// <summary>The gateway first, then the services, the reverse of their start.</summary>
    private static async ValueTask DisposeAllAsync(IEnumerable<IAsyncDisposable> parts)
    {
        foreach (var part in parts.Reverse())
        {
            await part.DisposeAsync();
        }
    }
}
