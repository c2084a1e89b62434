using Intelligence.Adoption.Integration;
using Intelligence.TestSupport;
using Marten;
using Xunit.Abstractions;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// The release, correction, access change and retirement of one model each reach adoption on a queue of their own, so
/// four consumers (and batches of several models) change the same replica row at once, on the real broker and
/// PostgreSQL. The catalog-links lock, which every replica change holds exclusively, makes each read-apply-store whole:
/// every change is kept (as in pricing, whose replica shares the consumer and lost most such changes without a lock).
/// </summary>
public sealed class CatalogReplicaRaceTests(AdoptionService service, ITestOutputHelper output) : IClassFixture<AdoptionService>
{
    [Fact]
    public async Task Four_changes_of_one_model_applied_at_once_by_four_consumers_are_all_kept()
    {
        var tally = await ModelEventRace.RunAsync(service.Bus, service.Store, LostChangeAsync, rounds: 40, modelsPerRound: 5, budget: TimeSpan.FromSeconds(120));

        output.WriteLine(tally.ToString());
        Assert.True(tally.Raced >= 50, $"Too few races ran to show anything: {tally}");
        Assert.True(tally.Lost.Count == 0, tally.ToString());
    }

    private static async Task<string?> LostChangeAsync(IQuerySession session, ModelEventRace race)
    {
        var model = await session.LoadAsync<CatalogModel>(race.ModelId);
        if (model is null)
        {
            return "no replica row";
        }

        var missing = new List<string>();
        if (model.CardVersion != 2 || model.Name != ModelEventRace.CorrectedName)
        {
            missing.Add($"card v{model.CardVersion} (the correction's v2 wanted)");
        }

        if (model.AccessVersion != 3 || model.OpenWeights != true)
        {
            missing.Add($"access v{model.AccessVersion} (the access change's v3 wanted)");
        }

        if (model.RetiredOn != ModelEventRace.RetiredOn)
        {
            missing.Add("the retirement");
        }

        return missing.Count == 0 ? null : string.Join(", ", missing);
    }
}
