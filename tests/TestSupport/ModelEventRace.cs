using System.Diagnostics;
using Intelligence.Platform.Messaging;
using Marten;
using MassTransit;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.TestSupport;

/// <summary>
/// Four releases events of one model, each of a type its own consumer (and queue) takes, each changing a different
/// part of a catalog replica: published at once, the four consumers read and write the model's replica row at the
/// same moment. Each part is visible afterwards, so a change lost to another consumer's write shows.
/// </summary>
/// <remarks>
/// The stream versions are ordered as the releases service would number them (release, correction, access change,
/// retirement), so a replica that keeps versions ends the same whatever order the consumers commit in.
/// </remarks>
public sealed record ModelEventRace(
    Contract.ModelReleased Released, Contract.ModelDetailsCorrected Corrected, Contract.ModelAccessChanged AccessChanged, Contract.ModelRetired Retired)
{
    public const string CorrectedName = "Race Model (corrected)";
    public static readonly DateOnly ReleasedOn = new(2024, 1, 15);
    public static readonly DateOnly AccessChangedOn = new(2024, 6, 1);
    public static readonly DateOnly RetiredOn = new(2025, 1, 1);

    private const string Source = "https://example.org/race";

    public string ModelId => Released.ModelId;

    public static ModelEventRace For(string modelId)
    {
        var now = DateTimeOffset.UtcNow;
        string[] origin = ["US"];
        string[] modalities = ["text"];
        return new ModelEventRace(
            new Contract.ModelReleased(
                Guid.NewGuid(), modelId, 1, ReleasedOn, now, Source, "Race Model", "race-lab", "Race Lab", "US", origin, "US", "announcement",
                OpenWeights: false, "proprietary", "no", ApiAvailable: true, modalities, ParameterCount: null, "high"),
            new Contract.ModelDetailsCorrected(
                Guid.NewGuid(), modelId, 2, now, Source, "name was wrong", ["name"], CorrectedName, "race-lab", "Race Lab", "US", origin, "US", ReleasedOn,
                "announcement", OpenWeights: false, "proprietary", "no", ApiAvailable: true, modalities, ParameterCount: null, "high"),
            new Contract.ModelAccessChanged(Guid.NewGuid(), modelId, 3, AccessChangedOn, now, Source, OpenWeights: true, "apache-2.0", "yes", ApiAvailable: true, Note: null),
            new Contract.ModelRetired(Guid.NewGuid(), modelId, 4, RetiredOn, now, Source, "withdrawn"));
    }

    /// <summary>
    /// The handled-message markers the four consumers store (<c>{consumer}/{message id}</c>): the services name each
    /// consumer after its message type.
    /// </summary>
    public IReadOnlyList<string> HandledMarkers =>
    [
        $"{nameof(Contract.ModelReleased)}Consumer/{Released.EventId:N}",
        $"{nameof(Contract.ModelDetailsCorrected)}Consumer/{Corrected.EventId:N}",
        $"{nameof(Contract.ModelAccessChanged)}Consumer/{AccessChanged.EventId:N}",
        $"{nameof(Contract.ModelRetired)}Consumer/{Retired.EventId:N}",
    ];

    /// <summary>Puts the four events on the broker at once, each with its event id as message id (as the relay does).</summary>
    public Task PublishAtOnceAsync(IPublishEndpoint bus) => Task.WhenAll(
        bus.Publish(Released, context => context.MessageId = Released.EventId),
        bus.Publish(Corrected, context => context.MessageId = Corrected.EventId),
        bus.Publish(AccessChanged, context => context.MessageId = AccessChanged.EventId),
        bus.Publish(Retired, context => context.MessageId = Retired.EventId));

    /// <summary>
    /// Runs up to <paramref name="rounds"/> rounds of <paramref name="modelsPerRound"/> races (fresh models, their
    /// events all published at once), within <paramref name="budget"/>: after each round, once every event is handled,
    /// asks <paramref name="lostChange"/> what each model's replica misses (null when nothing).
    /// </summary>
    public static async Task<RaceTally> RunAsync(
        IBusControl bus, IDocumentStore store, Func<IQuerySession, ModelEventRace, Task<string?>> lostChange, int rounds, int modelsPerRound, TimeSpan budget)
    {
        // The bus starts beside the host and binds its queues as it goes: an event published before its queue is bound
        // reaches no consumer (CI once saw one of the four kinds missing for all five models of the first round).
        await Eventually.Until(
            () => Task.FromResult(bus.CheckHealth().Status),
            status => status == BusHealthStatus.Healthy,
            TimeSpan.FromSeconds(30),
            "the bus healthy, every receive endpoint bound",
            status => status.ToString());
        var lost = new List<string>();
        var raced = 0;
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds && clock.Elapsed < budget; round++)
        {
            var races = Enumerable.Range(0, modelsPerRound).Select(_ => For($"race-{Guid.NewGuid():N}"[..21])).ToList();
            await Task.WhenAll(races.Select(race => race.PublishAtOnceAsync(bus)));
            var markers = races.SelectMany(race => race.HandledMarkers).ToList();
            await Eventually.Until(
                async () =>
                {
                    await using var session = store.QuerySession();
                    return (await session.LoadManyAsync<HandledMessage>(markers)).Count;
                },
                handled => handled == markers.Count,
                TimeSpan.FromSeconds(30),
                $"the {markers.Count} events of round {round + 1} handled",
                handled => $"{handled} handled");

            await using var reader = store.QuerySession();
            foreach (var race in races)
            {
                raced++;
                if (await lostChange(reader, race) is { } missing)
                {
                    lost.Add($"{race.ModelId}: {missing}");
                }
            }
        }

        return new RaceTally(raced, lost, clock.Elapsed);
    }
}

/// <summary>How many races ran, and what the replica lost in which.</summary>
public sealed record RaceTally(int Raced, IReadOnlyList<string> Lost, TimeSpan Took)
{
    public override string ToString() =>
        $"lost a change in {Lost.Count} of {Raced} races ({Took.TotalSeconds:0.0} s){(Lost.Count == 0 ? "" : $"; first: {string.Join("; ", Lost.Take(5))}")}";
}
