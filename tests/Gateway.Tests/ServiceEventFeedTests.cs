using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.TestSupport;
using Npgsql;
using static Intelligence.Gateway.Tests.FeedTestData;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// <c>GET /events</c> on each service (what the gateway merges): the broker's message for each stored event, read
/// by position and only up to the store's high-water mark.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class ServiceEventFeedTests(WholeSystem system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("releases")]
    [InlineData("pricing")]
    [InlineData("regulation")]
    [InlineData("adoption")]
    public async Task Every_service_serves_its_feed(string service)
    {
        using var client = ClientOf(service);

        var page = await client.GetFromJsonAsync<JsonElement>("/events?limit=3");

        Assert.True(page.GetProperty("items").GetArrayLength() <= 3);
        Assert.True(page.GetProperty("next").GetInt64() <= page.GetProperty("highWaterMark").GetInt64());
    }

    [Fact]
    public async Task The_api_documents_describe_the_feeds()
    {
        using var releases = system.Releases.NewClient();

        Assert.Contains("\"/events\"", await releases.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        var gateway = await system.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/events\"", gateway, StringComparison.Ordinal);
        Assert.Contains("\"/api/events/stream\"", gateway, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_in_the_feed_is_the_message_on_the_broker_to_the_json_token()
    {
        await using var broker = await BrokerProbe.BindAsync("intelligence.releases.model-released");
        var model = UniqueId("feed-same");
        await AnnounceModelAsync(system.Client, model);
        var published = await broker.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == model, Timeout, "ModelReleased on the broker");

        var item = await FindInServiceFeedAsync(system.Releases.NewClient(), "model-released", published.EnvelopeMessageId!);

        Assert.True(JsonElement.DeepEquals(published.Message, item.GetProperty("message")), $"broker: {published.Message}\nfeed:   {item.GetProperty("message")}");
        Assert.Equal(
            published.Envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()),
            item.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("intelligence.releases.model-released", item.GetProperty("type").GetString());

        var throughGateway = Assert.Single(
            (await ReadToEndAsync(system.Client, after: null, limit: 1000)).Items,
            i => i.GetProperty("messageId").GetString() == published.EnvelopeMessageId);
        Assert.True(JsonElement.DeepEquals(published.Message, throughGateway.GetProperty("message")));
        Assert.Equal("releases", throughGateway.GetProperty("service").GetString());
    }

    [Fact]
    public async Task A_decimal_in_the_feed_is_the_number_on_the_broker()
    {
        await using var broker = await BrokerProbe.BindAsync("intelligence.pricing.fx-rate-recorded");
        var rate = await RecordFxRateAsync(system.Pricing.NewClient());
        var published = await broker.WaitForAsync(
            m => m.Message.GetProperty("unitsPerUsd").ValueKind == JsonValueKind.Number && m.Message.GetProperty("unitsPerUsd").GetDecimal() == rate,
            Timeout,
            "FxRateRecorded on the broker");

        var item = await FindInServiceFeedAsync(system.Pricing.NewClient(), "fx-rate-recorded", published.EnvelopeMessageId!);

        Assert.True(JsonElement.DeepEquals(published.Message, item.GetProperty("message")), $"broker: {published.Message}\nfeed:   {item.GetProperty("message")}");
    }

    [Fact]
    public async Task A_short_type_name_is_the_services_own_event()
    {
        var model = UniqueId("feed-short");
        await AnnounceModelAsync(system.Client, model);
        using var client = system.Releases.NewClient();

        var page = await Eventually.Until(
            () => client.GetFromJsonAsync<JsonElement>("/events?types=model-released,intelligence.releases.model-retired&limit=1000"),
            p => !p.GetProperty("more").GetBoolean() && p.GetProperty("items").EnumerateArray().Any(i => i.Text("modelId") == model),
            Timeout,
            "the model in the releases feed");

        Assert.All(
            page.GetProperty("items").EnumerateArray(),
            i => Assert.Contains(i.GetProperty("type").GetString(), new[] { "intelligence.releases.model-released", "intelligence.releases.model-retired" }));
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("types=Model_Released", "types")]
    public async Task A_bad_position_limit_or_types_is_a_400_naming_the_field(string query, string field)
    {
        using var client = system.Regulation.NewClient();

        var response = await client.GetAsync($"/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task The_feed_reads_only_up_to_the_stores_high_water_mark()
    {
        // A releases service of its own whose async daemon does not run, so the test moves the high-water mark.
        await using var database = await TestDatabase.CreateAsync("feed_hwm");
        await using var host = new ServiceHost<Releases.Program>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),
                new("Marten:DaemonMode", "Disabled"),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues("releases"),
            ]);
        host.Start();
        using var client = host.NewClient();
        var first = UniqueId("hwm-a");
        var second = UniqueId("hwm-b");
        await AnnounceModelAsync(client, first, path: "/models");
        await AnnounceModelAsync(client, second, path: "/models");
        var sequences = await SequencesAsync(database);
        Assert.Equal(2, sequences.Count);

        var none = await client.GetFromJsonAsync<JsonElement>("/events");
        await SetHighWaterMarkAsync(database, sequences[0]);
        var one = await client.GetFromJsonAsync<JsonElement>("/events");
        await SetHighWaterMarkAsync(database, sequences[1]);
        var both = await client.GetFromJsonAsync<JsonElement>($"/events?after={one.GetProperty("next").GetInt64()}");

        Assert.Empty(none.GetProperty("items").EnumerateArray());
        Assert.Equal(0, none.GetProperty("next").GetInt64());
        Assert.Equal([first], one.GetProperty("items").EnumerateArray().Select(i => i.Text("modelId")));
        Assert.Equal(sequences[0], one.GetProperty("next").GetInt64());
        Assert.Equal([second], both.GetProperty("items").EnumerateArray().Select(i => i.Text("modelId")));
        Assert.Equal(sequences[1], both.GetProperty("items")[0].GetProperty("position").GetInt64());
    }

    private static async Task<List<long>> SequencesAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select seq_id from releases.mt_events order by seq_id", connection);
        var sequences = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sequences.Add(reader.GetInt64(0));
        }

        return sequences;
    }

    private static async Task SetHighWaterMarkAsync(TestDatabase database, long sequence)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "insert into releases.mt_event_progression (name, last_seq_id) values ('HighWaterMark', @sequence) on conflict (name) do update set last_seq_id = excluded.last_seq_id",
            connection);
        command.Parameters.AddWithValue("sequence", sequence);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonElement> FindInServiceFeedAsync(HttpClient client, string type, string messageId)
    {
        using (client)
        {
            return await Eventually.Until(
                async () =>
                {
                    long after = 0;
                    while (true)
                    {
                        var page = await client.GetFromJsonAsync<JsonElement>($"/events?types={type}&after={after}&limit=1000");
                        if (page.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("messageId").GetString() == messageId) is { ValueKind: JsonValueKind.Object } found)
                        {
                            return found;
                        }

                        after = page.GetProperty("next").GetInt64();
                        if (!page.GetProperty("more").GetBoolean())
                        {
                            return default;
                        }
                    }
                },
                found => found.ValueKind == JsonValueKind.Object,
                Timeout,
                $"message {messageId} in the service's feed");
        }
    }

    private HttpClient ClientOf(string service) => service switch
    {
        "releases" => system.Releases.NewClient(),
        "pricing" => system.Pricing.NewClient(),
        "regulation" => system.Regulation.NewClient(),
        _ => system.Adoption.NewClient(),
    };
}
