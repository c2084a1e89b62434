using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Adoption.Domain;
using Intelligence.Adoption.Projections;
using Marten;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// <c>/leaderboard</c> and <c>/share-by-bloc</c> read each board from the standing observations' spells (from its
/// date until the next in its unit takes over). These hold them to the domain's own answer, each series'
/// <see cref="Series.AsOf(DateOnly, string)"/>, over a board with equal values, two observations on one date, two
/// units, and corrections and retractions that move, re-unit and remove observations after the import.
/// </summary>
public sealed class BoardTests(AdoptionService service) : IClassFixture<AdoptionService>
{
    private const int Subjects = 23;

    private static readonly string[] Dates = ["2024-12-31", "2025-01-20", "2025-02-15", "2025-03-20", "2025-04-30", "2025-06-30"];

    private readonly string _u = Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Leaderboard_pages_walk_the_board_the_domain_ranks_at_every_date_after_corrections_and_retractions()
    {
        await SeedAsync();

        foreach (var date in Dates.Select(d => DateOnly.Parse(d, CultureInfo.InvariantCulture)))
        {
            foreach (var unit in new[] { "users", "thousand-users" })
            {
                var expected = await ExpectedAsync(date, unit == "users" ? "users" : Terms.KeyOf(Unit.Other, "thousand users"));
                var pages = await WalkAsync(date, unit, pageSize: 4);

                Assert.Equal(expected, Mine(pages));
            }
        }
    }

    [Fact]
    public async Task Shares_add_up_the_boards_values_by_bloc_and_list_the_largest_first()
    {
        await SeedAsync();

        foreach (var date in Dates.Skip(1))
        {
            var board = await WalkAsync(DateOnly.Parse(date, CultureInfo.InvariantCulture), "users", pageSize: 100);
            var shares = await service.Client.GetFromJsonAsync<JsonElement>($"/share-by-bloc?metric=weekly-active-users&region=global&asOf={date}&limit=3");

            var blocs = shares.GetProperty("blocs").EnumerateArray().ToList();
            Assert.Equal(board.Sum(entry => entry.Value), shares.GetProperty("total").GetDecimal());
            Assert.Equal(board.Count, blocs.Sum(bloc => bloc.GetProperty("subjectCount").GetInt32()));
            var largest = blocs.Single().GetProperty("subjects").EnumerateArray().Select(part => part.GetProperty("observationId").GetString()!).ToList();
            Assert.Equal(board.Take(3).Select(entry => entry.ObservationId), largest);
        }
    }

    [Fact]
    public async Task A_page_past_the_offset_bound_or_too_large_is_refused_naming_the_field()
    {
        var tooLarge = await service.Client.GetAsync("/leaderboard?metric=weekly-active-users&region=global&pageSize=1001");
        var tooDeep = await service.Client.GetAsync("/leaderboard?metric=weekly-active-users&region=global&pageSize=1000&page=1000");
        var noLimit = await service.Client.GetAsync("/share-by-bloc?metric=weekly-active-users&region=global&limit=0");

        foreach (var (response, field) in new[] { (tooLarge, "pageSize"), (tooDeep, "page"), (noLimit, "limit") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }
    }

    /// <summary>Every leaderboard page of the board, in order: (rank, series, observation, value); each page's total counts the entries so far at least.</summary>
    private async Task<List<Ranked>> WalkAsync(DateOnly date, string unit, int pageSize)
    {
        var entries = new List<Ranked>();
        for (var page = 1; page <= 100; page++)
        {
            var board = await service.Client.GetFromJsonAsync<JsonElement>(
                $"/leaderboard?metric=weekly-active-users&region=global&unit={unit}&asOf={date:yyyy-MM-dd}&pageSize={pageSize}&page={page}");
            var items = board.GetProperty("entries").EnumerateArray().ToList();
            entries.AddRange(items.Select(entry => new Ranked(
                entry.GetProperty("rank").GetInt32(),
                entry.GetProperty("seriesId").GetString()!,
                entry.GetProperty("observationId").GetString()!,
                entry.GetProperty("value").GetDecimal())));
            Assert.True(board.GetProperty("total").GetInt64() >= entries.Count, board.ToString());
            if (items.Count < pageSize)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>The entries of this test's subjects: the other tests of the class write to the same board.</summary>
    private List<Ranked> Mine(List<Ranked> entries) => [.. entries.Where(entry => entry.SeriesId.Contains(_u, StringComparison.Ordinal))];

    /// <summary>The board as the domain ranks it from the stored series: highest first, equal values by name then series, sharing a rank.</summary>
    private async Task<List<Ranked>> ExpectedAsync(DateOnly date, string unitKey)
    {
        await using var session = service.Store.QuerySession();
        var series = await session.Query<SeriesEntry>().ToListAsync();
        var standing = series
            .Where(entry => entry.State.Key.MetricKey == "weekly-active-users" && entry.State.Key.Region == "global")
            .Select(entry => (entry.State, Value: entry.State.AsOf(date, unitKey)))
            .Where(x => x.Value is not null)
            .OrderByDescending(x => x.Value!.Value)
            .ThenBy(x => x.State.Key.Subject.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(x => x.State.Id, StringComparer.Ordinal)
            .ToList();
        var ranked = new List<Ranked>();
        for (var i = 0; i < standing.Count; i++)
        {
            var rank = i > 0 && standing[i - 1].Value!.Value == standing[i].Value!.Value ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new Ranked(rank, standing[i].State.Id, standing[i].Value!.Id, standing[i].Value!.Value));
        }

        return Mine(ranked);
    }

    /// <summary>
    /// Four observations a subject on dates between January and April 2025 (the fourth on the third's date), values
    /// from five levels so that many are equal, every fifth subject's in thousands of users; then a correction that
    /// moves one a month later, one that changes another's unit, and two retractions.
    /// </summary>
    private async Task SeedAsync()
    {
        var csv = new StringBuilder("obs_id,product,organization,org_country,metric,value,value_text,unit,region,date,period,measurement_type,notes,source,confidence\n");
        for (var s = 0; s < Subjects; s++)
        {
            for (var k = 0; k < 4; k++)
            {
                var day = new DateOnly(2025, 1, 1).AddDays(((s * 13) + (Math.Min(k, 2) * 29)) % 120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var value = (((s * 7) + (k * 3)) % 5 * 1_000_000) + 1_000_000;
                var unit = s % 5 == 4 ? "thousand users" : "users";
                csv.Append(CultureInfo.InvariantCulture, $"{Id(s, k)},Board Chat {_u} {s:D2},Board Lab {_u},US,weekly active users,{value},,{unit},global,{day},week,third-party estimate,,https://example.org/board,medium\n");
            }
        }

        using var content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        (await service.Client.PostAsync("/imports", content)).EnsureSuccessStatusCode();

        await CorrectAsync(Id(1, 0), new { reason = "misdated", source = "https://example.org/erratum", observedOn = "2025-05-15" });
        await CorrectAsync(Id(2, 1), new { reason = "in thousands", source = "https://example.org/erratum", unit = "thousand users", value = 4_000 });
        await CorrectAsync(Id(3, 2), new { reason = "misread", source = "https://example.org/erratum", value = 9_000_000 });
        await RetractAsync(Id(4, 3));
        await RetractAsync(Id(5, 2));
    }

    private string Id(int subject, int k) => $"B{_u}-{subject:D2}-{k}";

    private async Task CorrectAsync(string id, object body) =>
        (await service.Client.PostAsJsonAsync($"/observations/{id}/corrections", body)).EnsureSuccessStatusCode();

    private async Task RetractAsync(string id) =>
        (await service.Client.PostAsJsonAsync($"/observations/{id}/retraction", new { reason = "withdrawn", source = "https://example.org/erratum" })).EnsureSuccessStatusCode();

    private sealed record Ranked(int Rank, string SeriesId, string ObservationId, decimal Value);
}
