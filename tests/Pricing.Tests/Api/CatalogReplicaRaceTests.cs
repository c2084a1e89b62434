using Intelligence.Pricing.Integration;
using Intelligence.TestSupport;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The release, correction, access change and retirement of one model each reach pricing on a queue of their own, so
/// four consumers (and batches of several models) read and write the same replica row at once, on the real broker and
/// PostgreSQL. Each consumer loads the row, changes its part and stores the whole row: without a lock, the last to
/// commit wrote over what the others committed since it loaded (before the per-model lock, 195 of 200 races here lost
/// a change: a retirement, an access change or a correction). Under the lock every change is kept.
/// </summary>
public sealed class CatalogReplicaRaceTests(PricingSystem system, ITestOutputHelper output) : IClassFixture<PricingSystem>
{
    private static readonly long[] EveryCardAndAccessVersion = [1, 2, 3];

    [Fact]
    public async Task Four_changes_of_one_model_applied_at_once_by_four_consumers_are_all_kept()
    {
        var tally = await ModelEventRace.RunAsync(
            system.Pricing.Services.GetRequiredService<IBusControl>(), system.Store, LostChangeAsync, rounds: 40, modelsPerRound: 5, budget: TimeSpan.FromSeconds(120));

        output.WriteLine(tally.ToString());
        Assert.True(tally.Raced >= 50, $"Too few races ran to show anything: {tally}");
        Assert.True(tally.Lost.Count == 0, tally.ToString());
    }

    private static async Task<string?> LostChangeAsync(IQuerySession session, ModelEventRace race)
    {
        var model = await session.LoadAsync<CatalogModel>(race.ModelId);
        var missing = new List<string>();
        if (model is null)
        {
            return "no replica row";
        }

        if (model.DetailsVersion != 2 || model.Name != ModelEventRace.CorrectedName)
        {
            missing.Add($"card v{model.DetailsVersion} (the correction's v2 wanted)");
        }

        if (!model.OpenWeights.Select(fact => fact.Version).SequenceEqual(EveryCardAndAccessVersion))
        {
            missing.Add($"open-weights facts of v{string.Join(",", model.OpenWeights.Select(fact => fact.Version))} (v1,2,3 wanted)");
        }

        if (model.RetiredOn != ModelEventRace.RetiredOn)
        {
            missing.Add("the retirement");
        }

        return missing.Count == 0 ? null : string.Join(", ", missing);
    }
}
