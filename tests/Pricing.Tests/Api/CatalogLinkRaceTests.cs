using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Intelligence.Platform.Messaging;
using Intelligence.Pricing.Integration;
using Intelligence.Pricing.Projections;
using Intelligence.TestSupport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// Prices written for a model the replica knows while a correction moves the model to another bloc, on the real
/// broker and PostgreSQL: the correction's consumer stores the new row and relinks the listings it finds, while each
/// price's transaction projects its listing from the row it reads. Without a lock between them each could miss the
/// other's write: the price read the old row and committed after the consumer looked for listings, and its listing
/// kept the old bloc for good (it is not pending, so no sweep looks at it again). Every listing naming the model, and
/// its price spells and moves, must end in the corrected bloc.
/// </summary>
public sealed class CatalogLinkRaceTests(PricingSystem system, ITestOutputHelper output) : IClassFixture<PricingSystem>
{
    private const string OldBloc = "US";
    private const string NewBloc = "China";
    private static readonly string[] NewOrigins = ["CN"];
    private const string Source = "https://example.org/link-race";
    private const string ImportHeader = "model,provider,provider_country,price_kind,currency,input_per_1M,output_per_1M,monthly_fee,effective_date,end_date,source";
    private static readonly DateOnly ReleasedOn = new(2024, 1, 15);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Observations of new offerings a model gets during its correction, started this far apart (ms).</summary>
    private static readonly int[] ObservationDelays = [0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 35, 40, 50];

    /// <summary>Imports of new offerings (two rows each) a model gets during its correction, started this late (ms).</summary>
    private static readonly int[] ImportDelays = [5, 15, 25, 35];

    private const int ImportRows = 2;

    /// <summary>A change of the price of an offering listed before, started this late (ms).</summary>
    private const int ChangeDelay = 20;

    [Fact]
    public async Task Prices_written_while_their_model_moves_to_another_bloc_all_end_in_the_new_bloc()
    {
        var (tally, listings) = await RunAsync(rounds: 30, modelsPerRound: 4, budget: TimeSpan.FromSeconds(90));

        output.WriteLine(tally.ToString());
        output.WriteLine(listings.ToString());
        Assert.True(tally.Raced >= 40, $"Too few races ran to show anything: {tally}");
        Assert.True(tally.Lost.Count == 0, tally.ToString());
    }

    /// <summary>
    /// Runs up to <paramref name="rounds"/> rounds of <paramref name="modelsPerRound"/> fresh models within
    /// <paramref name="budget"/>: each model released (in the old bloc) and known to the replica, with one offering
    /// listed; then its correction (to the new bloc) published at once with prices of new offerings (observations and
    /// imports, started a few milliseconds apart) and a change of the listed one; once all are done, asks what each
    /// model's listings got wrong.
    /// </summary>
    private async Task<(RaceTally Races, ListingTally Listings)> RunAsync(int rounds, int modelsPerRound, TimeSpan budget)
    {
        var bus = system.Pricing.Services.GetRequiredService<IBus>();
        var listings = new ListingTally();
        var lost = new List<string>();
        var raced = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && clock.Elapsed < budget; round++)
        {
            string[] models = [.. Enumerable.Range(0, modelsPerRound).Select(_ => $"link-race-{Guid.NewGuid():N}"[..22])];
            await Task.WhenAll(models.Select(model => PublishAsync(bus, Released(model))));
            await Eventually.Until(KnownAsync, known => known == models.Length, Timeout, $"the {models.Length} models of round {round + 1} known", known => $"{known} known");
            await Task.WhenAll(models.Select(model => ObserveAsync(model, "Listed Cloud", 1, 2, "2024-03-01")));

            var corrections = models.Select(Corrected).ToList();
            await Task.WhenAll(corrections.Select(correction => PublishAsync(bus, correction)).Concat(models.SelectMany(PricesAsync)));
            string[] markers = [.. corrections.Select(correction => $"{nameof(Contract.ModelDetailsCorrected)}Consumer/{correction.EventId:N}")];
            await Eventually.Until(
                async () =>
                {
                    await using var session = system.Store.QuerySession();
                    return (await session.LoadManyAsync<HandledMessage>(markers)).Count;
                },
                handled => handled == markers.Length,
                Timeout,
                $"the {markers.Length} corrections of round {round + 1} handled",
                handled => $"{handled} handled");

            await using var reader = system.Store.QuerySession();
            foreach (var model in models)
            {
                raced++;
                if (await WrongAsync(reader, model, listings) is { } wrong)
                {
                    lost.Add($"{model}: {wrong}");
                }
            }

            async Task<int> KnownAsync()
            {
                await using var session = system.Store.QuerySession();
                return (await session.LoadManyAsync<CatalogModel>(models)).Count(model => model.Known);
            }
        }

        return (new RaceTally(raced, lost, clock.Elapsed), listings);
    }

    /// <summary>The writes of prices that race a model's correction, each started after its delay.</summary>
    private IEnumerable<Task> PricesAsync(string model) =>
        [
            .. ObservationDelays.Select((delay, i) => AfterAsync(delay, () => ObserveAsync(model, $"Race Cloud {i}", 0.5m + i, 1.5m + i, "2024-05-01"))),
            .. ImportDelays.Select((delay, i) => AfterAsync(delay, () => ImportAsync(model, i))),
            AfterAsync(ChangeDelay, () => ObserveAsync(model, "Listed Cloud", 0.9m, 1.9m, "2024-06-01")),
        ];

    private static async Task AfterAsync(int milliseconds, Func<Task> write)
    {
        await Task.Delay(milliseconds);
        await write();
    }

    private async Task ObserveAsync(string model, string provider, decimal input, decimal output, string effectiveOn)
    {
        var response = await system.Client.PostAsJsonAsync("/observations", Observations.Api($"Hosted {model}", model, input, output, effectiveOn, provider: provider));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task ImportAsync(string model, int import)
    {
        var rows = Enumerable.Range(0, ImportRows).Select(row => string.Create(
            CultureInfo.InvariantCulture, $"{model},Race Import {import}-{row},US,api_list,USD,{2 + row},{4 + row},,2024-05-01,,{Source}"));
        using var content = new StringContent(string.Join('\n', [ImportHeader, .. rows]), Encoding.UTF8, "text/csv");
        var response = await system.Client.PostAsync("/imports", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What the model's listings, price spells and moves got wrong after the correction; null when nothing.</summary>
    private static async Task<string?> WrongAsync(IQuerySession session, string model, ListingTally tally)
    {
        var listings = await session.Query<OfferingListing>().Where(listing => listing.ModelId == model).ToListAsync();
        string[] ids = [.. listings.Select(listing => listing.Id)];
        var wrongListings = listings.Where(listing => listing.Bloc != NewBloc || listing.Model?.Bloc != NewBloc || listing.LinkPending).ToList();
        tally.Count(listings, wrongListings);
        var wrong = wrongListings
            .Select(listing => $"listing {listing.Id} in {listing.Bloc} (model {listing.Model?.Bloc ?? "unlinked"})")
            .ToList();
        wrong.AddRange((await session.Query<OfferingPriceSpell>().Where(spell => spell.OfferingId.IsOneOf(ids)).ToListAsync())
            .Where(spell => spell.Bloc != NewBloc)
            .Select(spell => $"price spell of {spell.OfferingId} in {spell.Bloc}"));
        wrong.AddRange((await session.Query<ApiPriceSpell>().Where(spell => spell.OfferingId.IsOneOf(ids)).ToListAsync())
            .Where(spell => spell.Bloc != NewBloc || !spell.Countries.SequenceEqual(NewOrigins))
            .Select(spell => $"API price spell of {spell.OfferingId} in {spell.Bloc} ({string.Join("/", spell.Countries)})"));
        wrong.AddRange((await session.Query<PriceMoveRecord>().Where(move => move.OfferingId.IsOneOf(ids)).ToListAsync())
            .Where(move => move.Bloc != NewBloc)
            .Select(move => $"price move of {move.OfferingId} in {move.Bloc}"));

        var expected = ObservationDelays.Length + (ImportDelays.Length * ImportRows) + 1;
        if (listings.Count != expected)
        {
            wrong.Add($"{listings.Count} listings ({expected} written)");
        }

        return wrong.Count == 0 ? null : $"{wrong.Count} wrong: {string.Join(", ", wrong.Take(3))}";
    }

    private static Task PublishAsync<T>(IPublishEndpoint bus, T message)
        where T : class, Contracts.IIntegrationEvent =>
        bus.Publish(message, context => context.MessageId = message.EventId);

    private static Contract.ModelReleased Released(string model) => new(
        Guid.NewGuid(), model, 1, ReleasedOn, DateTimeOffset.UtcNow, Source, "Link Race Model", "race-lab", "Race Lab", "US", ["US"], OldBloc, "announcement",
        OpenWeights: false, "proprietary", "no", ApiAvailable: true, ["text"], ParameterCount: null, "high");

    private static Contract.ModelDetailsCorrected Corrected(string model) => new(
        Guid.NewGuid(), model, 2, DateTimeOffset.UtcNow, Source, "origin was wrong", ["originCountries"], "Link Race Model", "race-lab", "Race Lab", "CN", NewOrigins, NewBloc,
        ReleasedOn, "announcement", OpenWeights: false, "proprietary", "no", ApiAvailable: true, ["text"], ParameterCount: null, "high");

    /// <summary>How many listings each way of writing a price wrote, and how many of them kept the old bloc.</summary>
    private sealed class ListingTally
    {
        private readonly Dictionary<string, (int Written, int Wrong)> _byWay = new(StringComparer.Ordinal);

        public void Count(IEnumerable<OfferingListing> listings, IReadOnlyCollection<OfferingListing> wrong)
        {
            foreach (var listing in listings)
            {
                var way = listing.State.Details.Provider switch
                {
                    var provider when provider.StartsWith("Race Cloud", StringComparison.Ordinal) => "new offering observed",
                    var provider when provider.StartsWith("Race Import", StringComparison.Ordinal) => "new offering imported",
                    _ => "listed offering's price changed",
                };
                var (written, wrongCount) = _byWay.GetValueOrDefault(way);
                _byWay[way] = (written + 1, wrongCount + (wrong.Contains(listing) ? 1 : 0));
            }
        }

        public override string ToString() =>
            "listings in the old bloc: " + string.Join("; ", _byWay.OrderBy(way => way.Key, StringComparer.Ordinal).Select(way => $"{way.Key} {way.Value.Wrong} of {way.Value.Written}"));
    }
}
