using System.Globalization;
using System.Net.Http.Json;
using Intelligence.Pricing.Domain;
using Intelligence.TestSupport;

namespace Intelligence.Pricing.Tests.Api;

/// <summary>
/// The price levels and the price index are counted by the database from the price spells, the price moves read
/// from their own rows, and the lists of prices in force paged by index: the same SQL commands at 4 offerings and at
/// 64, where loading every offering's timeline would not be.
/// </summary>
public sealed class ReadShapeTests(IsolatedPricingSystem system) : IClassFixture<IsolatedPricingSystem>
{
    private static readonly string[] Reads =
    [
        "/price-levels?asOf=2024-06-30",
        "/price-levels?asOf=2024-06-30&groupBy=country",
        "/price-index?from=2024-01&to=2024-12",
        "/price-index?bloc=US",
        "/price-moves?from=2024-01-01&to=2024-12-31&limit=10",
        "/price-moves/summary?from=2024-01-01&to=2024-12-31",
        "/offerings?asOf=2024-12-31&pageSize=3",
        "/offerings?asOf=2024-12-31&pageSize=3&sort=-blendedUsd&kind=api",
        "/price-comparison?asOf=2024-12-31&pageSize=3",
        "/cheapest?asOf=2024-12-31&top=2",
    ];

    [Fact]
    public async Task Levels_and_index_send_the_same_commands_whatever_the_number_of_offerings()
    {
        using var sql = new SqlCommands();
        await ObserveAsync(0, 4);
        foreach (var read in Reads)
        {
            await sql.OfAsync(system.Client, read);
        }

        var small = await CountAsync(sql);
        await ObserveAsync(4, 60);

        // The first index read after a write brings the stale cells up to date (a few commands per bloc, not per
        // offering); the reads after it read cells only.
        var catchingUp = await CountAsync(sql);
        var large = await CountAsync(sql);

        Assert.Equal(small, large);
        Assert.All(small.Values, count => Assert.InRange(count, 1, 4)); // the data version where kept, then a page and its bounded count, or the page's offerings
        Assert.InRange(catchingUp["/price-index?from=2024-01&to=2024-12"], 4, 8 + (2 * 2)); // both blocs stale
        var levels = await system.GetJsonAsync("/price-levels?asOf=2024-12-31");
        Assert.Equal(64, levels.EnumerateArray().Sum(level => level.GetProperty("offerings").GetInt32()));
    }

    [Fact]
    public async Task A_read_of_unchanged_data_is_304_under_its_tag_however_long_the_store_idles_and_a_write_changes_the_tag()
    {
        const string Path = "/price-levels?asOf=2024-12-31";

        // On a virtual host of its own, this replica hears no other test class announce a model (each one a real
        // change, which moves the version); an attempt still counts only when the version stood still through it.
        var clean = false;
        for (var attempt = 0; attempt < 10 && !clean; attempt++)
        {
            await ObserveAsync(100 + attempt, 1);
            var before = await DataVersionAsync();

            // The first read after the write stores the day's cells: a cache of the data, which moves no version.
            using var first = await system.Client.GetAsync(Path);
            Assert.True(first.Headers.ETag is { IsWeak: true }, "a data-version read carries a weak tag");
            using var afterCells = await RevalidateAsync(Path, first.Headers.ETag!);

            // The price index read after the write brings its month cells up to date: answers kept, no change of data.
            using var index = await system.Client.GetAsync("/price-index?from=2024-01&to=2025-12");
            Assert.Equal(System.Net.HttpStatusCode.OK, index.StatusCode);
            using var afterIndex = await RevalidateAsync(Path, first.Headers.ETag!);

            // The async daemon marks its high-water about every second whether or not events come: no change of data.
            await DaemonMarksHighWaterAsync();
            using var afterMark = await RevalidateAsync(Path, first.Headers.ETag!);

            clean = await DataVersionAsync() == before;
            if (clean)
            {
                Assert.All([afterCells, afterIndex, afterMark], answer => Assert.Equal(System.Net.HttpStatusCode.NotModified, answer.StatusCode));
            }
        }

        Assert.True(clean, "no attempt in 10 went without a change of this service's data");
        using var tagged = await system.Client.GetAsync(Path);
        await ObserveAsync(200, 1);
        using var changed = await RevalidateAsync(Path, tagged.Headers.ETag!);
        Assert.Equal(System.Net.HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(tagged.Headers.ETag, changed.Headers.ETag);
    }

    /// <summary>The version row the service's tags hash: 0 before the first change.</summary>
    private async Task<long> DataVersionAsync()
    {
        await using var session = system.Store.QuerySession();
        return (await session.QueryAsync<long>($"select coalesce((select version from {system.Store.Options.DatabaseSchemaName}.data_version where id = 1), 0)"))[0];
    }

    /// <summary>Until the async daemon has written its high-water mark again: a write to the store that changes no data.</summary>
    private async Task DaemonMarksHighWaterAsync()
    {
        await using var session = system.Store.QuerySession();
        var progression = $"{system.Store.Options.Events.DatabaseSchemaName}.mt_event_progression";
        var since = (await session.QueryAsync<string>("select clock_timestamp()::text"))[0];
        await Eventually.Until(
            async () => (await session.QueryAsync<bool>($"select exists (select 1 from {progression} where name = 'HighWaterMark' and last_updated > ?::timestamptz)", since))[0],
            marked => marked,
            TimeSpan.FromSeconds(30),
            "the async daemon to mark its high-water again");
    }

    private async Task<HttpResponseMessage> RevalidateAsync(string path, System.Net.Http.Headers.EntityTagHeaderValue tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(tag);
        return await system.Client.SendAsync(request);
    }

    private Task<Dictionary<string, int>> CountAsync(SqlCommands sql) => sql.CountEachAsync(system.Client, Reads);

    /// <summary>API offerings listed through 2024 in two countries, each with a price change a month later.</summary>
    private Task ObserveAsync(int first, int count) => ObserveAsync(system.Client, first, count);

    internal static async Task ObserveAsync(HttpClient client, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var listed = new DateOnly(2024, 1, 1).AddDays(i * 5);
            var name = $"Shape {i}";
            var country = i % 2 == 0 ? "US" : "CN";
            foreach (var (day, input) in new[] { (listed, 2m + i), (listed.AddMonths(1), 1m + i) })
            {
                var body = Observations.Api(name, $"shape-{i}", input, input * 2, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), country: country);
                var response = await client.PostAsJsonAsync("/observations", body);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            }
        }
    }
}

/// <summary>
/// The price index cells, brought up to date by the read after a write: the same index as the domain computes from
/// the offerings' timelines, after the first writes and after sixty more that make every cell from January stale. The
/// price levels kept per day follow the same writes.
/// </summary>
public sealed class PriceIndexCellTests(PricingSystem system) : IClassFixture<PricingSystem>
{
    [Fact]
    public async Task The_index_brought_up_to_date_after_each_write_agrees_with_the_index_computed_from_the_timelines()
    {
        await ReadShapeTests.ObserveAsync(system.Client, 0, 4);
        Assert.Equal(Expected(4), await IndexAsync());   // the cells of the first writes
        Assert.Equal(AtMonthEnd(Expected(4), "2024-06"), await LevelsAsync("2024-06-30"));

        await ReadShapeTests.ObserveAsync(system.Client, 4, 60);
        Assert.Equal(Expected(64), await IndexAsync());  // stale from January on, recomputed once, then carried
        Assert.Equal(Expected(64), await IndexAsync());

        // The levels of a day are kept once counted: the writes since marked them stale, so they are counted again.
        Assert.Equal(AtMonthEnd(Expected(64), "2024-06"), await LevelsAsync("2024-06-30"));
        Assert.Equal(AtMonthEnd(Expected(64), "2024-12"), await LevelsAsync("2024-12-31"));
        Assert.Equal(AtMonthEnd(Expected(64), "2024-12"), await LevelsAsync("2024-12-31"));
    }

    /// <summary>The price levels on a month's last day are that month's index, groups with nothing in force left out.</summary>
    private static List<string> AtMonthEnd(List<string> index, string month) =>
        [.. index.Where(line => line.Split(' ') is [_, var m, var n, _] && m == month && n != "0")];

    private async Task<List<string>> LevelsAsync(string day) =>
    [
        .. (await system.GetJsonAsync($"/price-levels?asOf={day}")).EnumerateArray().Select(level =>
            $"{level.GetProperty("group").GetString()} {day[..7]} {level.GetProperty("offerings").GetInt32()} {Amount(level.GetProperty("medianBlendedUsdPerMillion").GetDecimal())}"),
    ];

    /// <summary>The index as <see cref="PriceIndex.Compute"/> says it from the timelines <see cref="ReadShapeTests.ObserveAsync(HttpClient, int, int)"/> writes.</summary>
    private static List<string> Expected(int offerings) =>
    [
        .. Enumerable.Range(0, offerings)
            .GroupBy(i => i % 2 == 0 ? "US" : "China")
            .OrderBy(bloc => bloc.Key, StringComparer.Ordinal)
            .SelectMany(bloc => PriceIndex.Compute(
                    bloc.Select(i => (IReadOnlyList<PricePoint>)[Listed(i, 0, 2m + i), Listed(i, 1, 1m + i)]),
                    new DateOnly(2024, 1, 1),
                    new DateOnly(2024, 12, 1))
                .Select(point => $"{bloc.Key} {point.Month} {point.Offerings} {Amount(point.MedianBlendedUsdPerMillion)}")),
    ];

    private static string Amount(decimal? amount) => amount?.ToString("0.######", CultureInfo.InvariantCulture) ?? "none";

    private static PricePoint Listed(int offering, int step, decimal input) =>
        new(new DateOnly(2024, 1, 1).AddDays(offering * 5).AddMonths(step), null, new Price("USD", input, input * 2, null, null, null, 1m), false, null, Observations.Source);

    private async Task<List<string>> IndexAsync() =>
    [
        .. (await system.GetJsonAsync("/price-index?from=2024-01&to=2024-12")).EnumerateArray()
            .SelectMany(bloc => bloc.GetProperty("months").EnumerateArray().Select(month =>
                $"{bloc.GetProperty("bloc").GetString()} {month.GetProperty("month").GetString()} {month.GetProperty("offerings").GetInt32()} " +
                $"{Amount(month.GetProperty("medianBlendedUsdPerMillion") is { ValueKind: System.Text.Json.JsonValueKind.Number } median ? median.GetDecimal() : null)}")),
    ];
}
