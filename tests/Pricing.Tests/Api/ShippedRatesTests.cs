using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Pricing.Reference;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The shipped FX table is recorded on start: once into an empty store, again only where the shipped table differs
/// from what is stored (a new release of it), and then the prices it covers get their USD amounts derived again.
/// </summary>
public sealed class ShippedRatesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("pricing_shipped");

    public Task DisposeAsync() => _database.DisposeAsync().AsTask();

    private ServiceHost<Program> Host(bool shippedFxRates = true) => new(
        [
            new("ConnectionStrings:Marten", _database.ConnectionString),
            .. TestServers.RabbitSettings(),
            .. TestServers.PrivateQueues("pricing_shipped"),
            new("Pricing:ShippedFxRates", shippedFxRates ? "true" : "false"),
        ]);

    private static async Task<long> EventsAsync(ServiceHost<Program> host)
    {
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    [Fact]
    public async Task An_operator_who_records_every_rate_can_turn_the_shipped_table_off()
    {
        await using var host = Host(shippedFxRates: false);
        host.Start();

        Assert.Equal(0, await EventsAsync(host));
    }

    [Fact]
    public async Task A_start_records_the_shipped_table_once_and_a_changed_table_derives_the_prices_it_covers_again()
    {
        var shippedJanuary = ShippedFxRates.All.Single(rate => rate.Currency == "CNY" && rate.EffectiveOn == new DateOnly(2023, 1, 1)).UnitsPerUsd;
        var offering = Observations.Api("Shipped Yuan", "deepseek-v2", 1, 2, "2023-01-15", country: "CN", currency: "CNY");
        long afterFirstStart;
        await using (var first = Host())
        {
            first.Start();
            using var client = first.NewClient();
            afterFirstStart = await EventsAsync(first);
            Assert.Equal(ShippedFxRates.All.Count, afterFirstStart);

            // As an older release of the table had it: the reference file's assumed 7.2 for January 2023.
            var old = await client.PostAsJsonAsync("/fx-rates", new { currency = "CNY", effectiveOn = "2023-01-01", unitsPerUsd = 7.2m, sourceUrl = Observations.Source });
            Assert.Equal(HttpStatusCode.Created, old.StatusCode);
            var listed = await client.PostAsJsonAsync("/observations", offering);
            Assert.Equal(HttpStatusCode.Created, listed.StatusCode);
        }

        await using var second = Host();
        second.Start();
        using var again = second.NewClient();
        var price = (await again.GetFromJsonAsync<JsonElement>($"/offerings/{Observations.IdOf("Shipped Yuan")}")).GetProperty("timeline")[0].GetProperty("price");

        Assert.Equal(shippedJanuary, price.GetProperty("unitsPerUsd").GetDecimal());
        Assert.Equal(Math.Round(1m / shippedJanuary, 6), price.GetProperty("inputUsdPerMillion").GetDecimal());
        var afterSecondStart = await EventsAsync(second);

        // Stored on the second start: January's shipped rate again, and the one price's derivation.
        Assert.Equal(afterFirstStart + 2 + 2, afterSecondStart);
    }
}
