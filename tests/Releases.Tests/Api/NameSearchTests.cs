using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Intelligence.Releases.Tests.Api;

/// <summary>
/// The name search: its text taken as written, and new names kept in GIN's pending list only a little while.
/// </summary>
public sealed class NameSearchTests(ReleasesService service) : IClassFixture<ReleasesService>, IAsyncLifetime
{
    private static readonly (string Id, string Name)[] Models =
    [
        ("lit-obrien", "Lit O'Brien Model"), ("lit-fifty-percent", "Lit 50% Off"), ("lit-five-hundred", "Lit 500 Max"), ("lit-a-b", "Lit a_b Model"),
        ("lit-axb", "Lit axb Model"), ("lit-backslash", @"Lit back\slash"), ("lit-question", "Lit what?now"), ("lit-cafe", "Lit Café Model"),
    ];

    public async Task InitializeAsync()
    {
        foreach (var (id, name) in Models)
        {
            if (!(await service.Client.GetAsync($"/models/{id}")).IsSuccessStatusCode)
            {
                (await service.Client.PostAsJsonAsync("/models", Json.Model(id, name, "FR", "2024-06-01"))).EnsureSuccessStatusCode();
            }
        }

        await service.CaughtUpAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// A name search takes its text as written: quotes, wildcards, a backslash and a question mark find only the names
    /// that hold them, and text made to look like SQL is only text.
    /// </summary>
    [Theory]
    [InlineData("O'Brien", "lit-obrien")]
    [InlineData("50%", "lit-fifty-percent")]
    [InlineData("a_b", "lit-a-b")]
    [InlineData(@"k\s", "lit-backslash")]
    [InlineData("t?n", "lit-question")]
    [InlineData("café", "lit-cafe")]
    [InlineData("'; drop table x; --", "")]
    public async Task A_name_search_takes_its_text_literally(string text, string expected)
    {
        var page = await service.Client.GetFromJsonAsync<JsonElement>($"/models?q={Uri.EscapeDataString(text)}&pageSize=50");

        Assert.Equal(expected, string.Join(",", page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetString())));
    }

    /// <summary>
    /// New names wait in the name index's pending list only until it holds 64 kB: GIN's default (4 MB, or a vacuum)
    /// kept an import's names out of the index, and every search read the whole list. A store whose index was made
    /// before gets the limit at its next start.
    /// </summary>
    [Fact]
    public async Task The_name_index_keeps_a_short_pending_list_and_a_store_made_before_is_brought_to_it()
    {
        const string Options = "select coalesce(array_to_string(reloptions, ','), '') from pg_class where relname = 'mt_doc_catalogentry_idx_name_trigrams'";
        await using var session = service.Store.QuerySession();
        var declared = Assert.Single(await session.QueryAsync<string>(Options));

        // As a store made before holds it: GIN's default limit.
        await using (var connection = new NpgsqlConnection(service.ConnectionString))
        {
            await connection.OpenAsync();
            await using var reset = new NpgsqlCommand($"alter index {service.Store.Options.DatabaseSchemaName}.mt_doc_catalogentry_idx_name_trigrams reset (gin_pending_list_limit)", connection);
            await reset.ExecuteNonQueryAsync();
        }

        var before = Assert.Single(await session.QueryAsync<string>(Options));
        await service.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var brought = Assert.Single(await session.QueryAsync<string>(Options));

        Assert.Equal("gin_pending_list_limit=64", declared);
        Assert.Equal(string.Empty, before);
        Assert.Equal("gin_pending_list_limit=64", brought);
    }
}
