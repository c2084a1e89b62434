using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Benchmarks.Harness;
using Intelligence.Platform.Catalogs;
using Intelligence.Platform.Geography;
using Intelligence.Pricing.Catalogs;
using Intelligence.Pricing.Domain;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.Releases.Catalogs;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Projections;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PricingProgram = Intelligence.Pricing.Program;
using ReleasesProgram = Intelligence.Releases.Program;

namespace Intelligence.Benchmarks.Scenarios;

/// <summary>
/// <c>catalog-sync</c>: for each pinned catalog snapshot (<c>data/catalogs</c>), the service's <c>POST /sync/{catalog}</c>
/// hosted in-process on Kestrel exactly as its Program builds it, on a fresh database each run: a full first sync
/// (timed), then a re-sync of the same snapshot on that store (timed; it must store nothing). Beside it, the events
/// the first sync stored, read back from its store and grouped by stream, appended raw to a fresh
/// <see cref="ScratchStore"/> with the service's inline projections, in batches of 500 streams. All four contenders
/// alternate. A warm-up round (one sync and one raw append of each catalog, unmeasured) comes first, and gives the
/// raw side its events.
/// </summary>
public sealed class CatalogSync : IScenario
{
    /// <summary>The raw append's batch: streams per transaction, as the syncs commit 500 entries' commands per session.</summary>
    private const int StreamsPerBatch = 500;

    /// <summary>When the snapshots are said to have been read (the sync's <c>readAt</c>), the same for every sync.</summary>
    private const string ReadAt = "2026-11-02T08:00:00Z";

    public string Name => "catalog-sync";

    public string Summary =>
        "POST /sync/{catalog} of the pricing (genai-prices) and releases (models.dev) services on the pinned snapshots: a full first sync and a re-sync of the same snapshot (which stores nothing), vs a raw batched Marten append, with the service's inline projections, of the events the first sync stored.";

    public int DefaultRows => 1;

    public async Task<ScenarioResult> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var manifest = await Manifest.ReadAsync(cancellationToken);
        ISyncedCatalog[] catalogs =
        [
            new SyncedCatalog<PricingProgram>("pricing", GenaiPricesSnapshot.Catalog, manifest, "inline OfferingEntry, FxRateEntry and OfferingListing projections", PricingStore),
            new SyncedCatalog<ReleasesProgram>("releases", ModelsDevSnapshot.Catalog, manifest, "inline CatalogEntry and ReleaseStats projections", ReleasesStore),
        ];

        Console.WriteLine("warm-up: one sync and one raw append of each catalog, unmeasured");
        foreach (var catalog in catalogs)
        {
            await catalog.WarmUpAsync(cancellationToken);
            Console.WriteLine($"  {catalog.Catalog}: {catalog.Entries:N0} entries, {catalog.Events:N0} events stored in {catalog.Streams:N0} streams");
        }

        Console.WriteLine($"{options.Runs} runs each, alternating");
        var measurements = await Alternating.RunAsync(
            options.Runs,
            [.. catalogs.SelectMany(catalog => new Contender[]
            {
                new($"{catalog.Catalog} sync (service)", catalog.Events, catalog.SyncAsync),
                new($"{catalog.Catalog} raw Marten append", catalog.Events, catalog.AppendAsync),
            })],
            cancellationToken);

        var comparisons = catalogs.Select((catalog, i) => new Comparison(measurements[2 * i], measurements[(2 * i) + 1])).ToList();
        var table = new StringBuilder();
        table.AppendLine("| catalog | service | entries | full sync s (median) | events stored | events/s | entries/s | re-sync s (median) | raw append s (median) | sync / raw (time) |");
        table.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var findings = new List<Finding>();
        var notes = new List<string>();
        foreach (var (catalog, comparison) in catalogs.Zip(comparisons))
        {
            var sync = comparison.Measured;
            var raw = comparison.Baseline;
            var resync = new Measurement($"{catalog.Catalog} re-sync", 0, catalog.Resyncs).Median;
            var overhead = sync.Median.TotalSeconds / raw.Median.TotalSeconds;
            table.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {catalog.Catalog} | {catalog.Service} | {catalog.Entries:N0} | {sync.Median.TotalSeconds:0.00} | {catalog.Events:N0} | {sync.EventsPerSecond:N0} | {catalog.Entries / sync.Median.TotalSeconds:N0} | {resync.TotalSeconds:0.00} | {raw.Median.TotalSeconds:0.00} | {overhead:0.00}× |"));
            findings.Add(new(
                $"catalog sync, {catalog.Catalog} into {catalog.Service} (events/s)",
                string.Create(CultureInfo.InvariantCulture, $"{sync.EventsPerSecond:N0} events/s ({sync.Median.TotalSeconds:0.00} s, re-sync {resync.TotalSeconds:0.00} s)"),
                string.Create(CultureInfo.InvariantCulture, $"raw batched Marten append with the service's projections, {raw.EventsPerSecond:N0} events/s ({raw.Median.TotalSeconds:0.00} s)"),
                comparison.Ratio,
                "—",
                null));
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{catalog.Catalog}: the pinned snapshot {catalog.Version} ({catalog.Bytes / 1024.0:N0} KiB, {catalog.Providers} providers, {catalog.Entries:N0} entries) came to {catalog.Report}, {catalog.Events:N0} events in {catalog.Streams:N0} streams, in the {catalog.Service} service's store with its {catalog.Projections} (the raw store has them too). Re-sync runs (s): {string.Join(", ", catalog.Resyncs.Select(run => run.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)))}."));
        }

        notes.InsertRange(0,
        [
            $"Sync: the service hosted in-process on Kestrel, its own Program and settings (its inline projections, relay publishing to RabbitMQ in the background), on a fresh database each run; one HTTP request with the snapshot as body (application/json, version, location and readAt {ReadAt} as query parameters); wall time of the request. Every run checks that the report's eventsStored is the events stored, counted in the database, and the same every run; then times a re-sync of the same snapshot on that store, which must report and store no event.",
            $"Raw: {ScratchStore.Description}, with the service's event types and inline projections (as its Program registers them), no relay; the events the first sync stored, read back from its store (QueryAllRawEvents after the start-up's events, grouped by stream in order of first appearance), started in batches of {StreamsPerBatch} streams, one SaveChangesAsync per batch, on a fresh database each run.",
            "Each catalog's sync and raw append are one pair of the first table (ratio of events/s); the second table has the re-sync and the overhead as a ratio of times (sync seconds over raw append seconds, medians of the same run). A warm-up round, unmeasured, syncs and appends each catalog once first.",
        ]);
        return new ScenarioResult(comparisons[0].Measured, comparisons[0].Baseline, notes)
        {
            Others = [.. comparisons.Skip(1)],
            Tables = [table.ToString()],
            Findings = findings,
        };
    }

    private static void PricingStore(StoreOptions options)
    {
        options.Events.AddEventTypes([
            typeof(PriceListed), typeof(PriceChanged), typeof(PriceClosed), typeof(PriceCutDetected),
            typeof(FreeAccessIntroduced), typeof(PromotionEnded), typeof(FxRateRecorded), typeof(UsdAmountsDerived),
            typeof(OfferingDelisted), typeof(CatalogPricesObserved)]);
        options.Projections.Add(new OfferingEntryProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new FxRateEntryProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new OfferingListingProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
        options.Schema.For<OfferingListing>().Index(view => view.ModelId).Index(view => view.LinkPending).Index(view => view.State.ListedBy);
        options.Schema.For<PriceCutRecord>().Index(cut => cut.EffectiveOn).Index(cut => cut.OfferingId);
        options.Schema.For<ForeignPricePoint>().Index(point => point.Currency).Index(point => point.UsdPending);
        options.Schema.For<CatalogModel>();
    }

    private static void ReleasesStore(StoreOptions options)
    {
        options.Events.AddEventTypes([typeof(ModelAnnounced), typeof(ModelAccessChanged), typeof(ModelDetailsCorrected), typeof(ModelRetired), typeof(ModelCatalogFactsRecorded)]);
        options.Projections.Add(new CatalogEntryProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
        options.Projections.Add(new ReleaseStatsProjection(Countries.Iso3166), ProjectionLifecycle.Inline);
        options.Schema.For<ReleaseCount>();
    }

    /// <summary>One catalog as the scenario measures it, whatever service syncs it.</summary>
    private interface ISyncedCatalog
    {
        string Catalog { get; }

        string Service { get; }

        string Version { get; }

        int Bytes { get; }

        int Providers { get; }

        int Entries { get; }

        int Events { get; }

        int Streams { get; }

        /// <summary>The first sync's report, its counts in words.</summary>
        string Report { get; }

        /// <summary>What the service's store maintains besides its events, in words, which the raw store maintains too.</summary>
        string Projections { get; }

        IReadOnlyList<TimeSpan> Resyncs { get; }

        Task WarmUpAsync(CancellationToken cancellationToken);

        Task<TimeSpan> SyncAsync(CancellationToken cancellationToken);

        Task<TimeSpan> AppendAsync(CancellationToken cancellationToken);
    }

    /// <summary>The snapshots' manifest, <c>data/catalogs/snapshots.json</c>: each catalog's file and the version it is known by.</summary>
    private sealed record Manifest(IReadOnlyDictionary<string, (string File, string Version)> Snapshots)
    {
        public static async Task<Manifest> ReadAsync(CancellationToken cancellationToken)
        {
            await using var stream = File.OpenRead(Repository.File("data", "catalogs", "snapshots.json"));
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return new Manifest(document.RootElement.EnumerateArray().ToDictionary(
                entry => entry.GetProperty("source").GetString()!,
                entry => (entry.GetProperty("file").GetString()!, $"{entry.GetProperty("package").GetString()}@{entry.GetProperty("version").GetString()}"),
                StringComparer.Ordinal));
        }
    }

    /// <summary>A catalog synced by the service <typeparamref name="TProgram"/> hosts, and its raw baseline.</summary>
    private sealed class SyncedCatalog<TProgram>(string service, string catalog, Manifest manifest, string projections, Action<StoreOptions> rawStore) : ISyncedCatalog
        where TProgram : class
    {
        private readonly string _file = manifest.Snapshots[catalog].File;
        private readonly List<TimeSpan> _resyncs = [];
        private byte[] _snapshot = [];
        private IReadOnlyList<IReadOnlyList<StreamEvents>> _batches = [];

        public string Catalog => catalog;

        public string Service => service;

        public string Version { get; } = manifest.Snapshots[catalog].Version;

        public string Projections => projections;

        public int Bytes => _snapshot.Length;

        public int Providers { get; private set; }

        public int Entries { get; private set; }

        public int Events { get; private set; }

        public int Streams => _batches.Sum(batch => batch.Count);

        public string Report { get; private set; } = string.Empty;

        public IReadOnlyList<TimeSpan> Resyncs => _resyncs;

        public async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            _snapshot = await File.ReadAllBytesAsync(Repository.File("data", "catalogs", _file), cancellationToken);
            await RunAsync(warmUp: true, cancellationToken);
            await AppendAsync(cancellationToken);
        }

        public Task<TimeSpan> SyncAsync(CancellationToken cancellationToken) => RunAsync(warmUp: false, cancellationToken);

        public async Task<TimeSpan> AppendAsync(CancellationToken cancellationToken)
        {
            await using var store = await ScratchStore.CreateAsync(rawStore);
            return await store.AppendAsync(_batches, cancellationToken);
        }

        /// <summary>
        /// A fresh database and host; the timed first sync, checked against the events stored (and, after the
        /// warm-up, against the warm-up's); then the timed re-sync, which must store nothing. The warm-up also reads
        /// back the events the first sync stored, for the raw side.
        /// </summary>
        private async Task<TimeSpan> RunAsync(bool warmUp, CancellationToken cancellationToken)
        {
            await using var host = await ScratchService<TProgram>.StartAsync(service, relay: true);

            // What the service stores as it starts (the pricing service records its shipped FX rates) is none of the sync's.
            var before = await host.StoredEventsAsync(cancellationToken);
            var lastSequence = await host.CountAsync("SELECT coalesce(max(seq_id), 0) FROM {schema}.mt_events", cancellationToken);
            var stopwatch = Stopwatch.StartNew();
            var first = await PostAsync(host.Client, cancellationToken);
            stopwatch.Stop();
            var stored = await host.StoredEventsAsync(cancellationToken) - before;
            if (first.EventsStored != stored || stored == 0 || (!warmUp && stored != Events))
            {
                throw new InvalidOperationException(
                    $"The sync of {catalog} reported {first.EventsStored} events stored; {stored} were stored{(warmUp ? string.Empty : $", and the warm-up stored {Events}")}.");
            }

            var again = Stopwatch.StartNew();
            var second = await PostAsync(host.Client, cancellationToken);
            again.Stop();
            var storedAgain = await host.StoredEventsAsync(cancellationToken) - before - stored;
            if (second.EventsStored != 0 || storedAgain != 0)
            {
                throw new InvalidOperationException(
                    $"The re-sync of {catalog} reported {second.EventsStored} events stored and {storedAgain} were stored; it should store nothing.");
            }

            if (warmUp)
            {
                Providers = first.Providers;
                Entries = first.Entries;
                Events = (int)stored;
                Report = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{first.Added:N0} added, {first.Changed:N0} changed, {first.Unchanged:N0} unchanged, {first.Delisted:N0} delisted, {first.SideBySide:N0} side by side, {first.SameAsAnother:N0} the same model as another provider's listing, {first.Skipped.Count:N0} skipped");
                _batches = await StoredStreamsAsync(host, lastSequence, cancellationToken);
                if (_batches.Sum(batch => batch.Sum(stream => stream.Events.Count)) != Events)
                {
                    throw new InvalidOperationException($"The events read back from the {catalog} sync's store are not the {Events} it stored.");
                }
            }
            else
            {
                _resyncs.Add(again.Elapsed);
            }

            return stopwatch.Elapsed;
        }

        private async Task<CatalogSyncReport> PostAsync(HttpClient client, CancellationToken cancellationToken)
        {
            using var content = new ByteArrayContent(_snapshot);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var path = $"sync/{catalog}?version={Uri.EscapeDataString(Version)}&location={Uri.EscapeDataString(_file)}&readAt={ReadAt}";
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return await response.Content.ReadFromJsonAsync<CatalogSyncReport>(cancellationToken)
                ?? throw new InvalidOperationException($"POST {path} answered no report.");
        }

        /// <summary>The events stored after sequence <paramref name="after"/>, grouped by stream in order of first appearance, in batches of <see cref="StreamsPerBatch"/> streams.</summary>
        private static async Task<IReadOnlyList<IReadOnlyList<StreamEvents>>> StoredStreamsAsync(ScratchService<TProgram> host, long after, CancellationToken cancellationToken)
        {
            var store = host.Host.Services.GetRequiredService<IDocumentStore>();
            await using var session = store.QuerySession();
            var events = await session.Events.QueryAllRawEvents().Where(@event => @event.Sequence > after).OrderBy(@event => @event.Sequence).ToListAsync(cancellationToken);
            var streams = new Dictionary<string, List<object>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var @event in events)
            {
                var key = @event.StreamKey ?? throw new InvalidOperationException($"Event {@event.Sequence} has no string stream key.");
                if (!streams.TryGetValue(key, out var list))
                {
                    streams[key] = list = [];
                    order.Add(key);
                }

                list.Add(@event.Data);
            }

            return [.. order.Select(key => new StreamEvents(key, streams[key])).Chunk(StreamsPerBatch)];
        }
    }
}
