using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CsCheck;
using Intelligence.TestSupport;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// Any day of the calendar, 0001-01-01 to 9999-12-31, in every date parameter of every GET endpoint of the four
/// services and of the gateway's composed read models (found by <see cref="DatedEndpoints"/>, not listed here): the
/// answer is 200 or a 400 problem about the dates, or 404 where the route names a resource; never a 5xx, and never a
/// composed answer the gateway degraded by asking a service something it cannot answer. Dates come from CsCheck
/// generators biased to the ends of the calendar, year boundaries and the days of the seeded facts; endpoints with two
/// date parameters also get generated pairs, in either order. Each endpoint first gets the extremes outright.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class DateParameterProperties(WholeSystem system, ITestOutputHelper output)
{
    private const int SamplesPerEndpoint = 40;
    private const string ProblemJson = "application/problem+json";

    private static readonly DateOnly First = DateOnly.MinValue;
    private static readonly DateOnly Last = DateOnly.MaxValue;

    /// <summary>The ends of the calendar and the days next to them, the year boundaries next to them, and a few famous ones.</summary>
    private static readonly DateOnly[] Extremes =
    [
        First, First.AddDays(1), new(1, 12, 31), new(2, 1, 1),
        Last, Last.AddDays(-1), new(9999, 1, 1), new(9998, 12, 31),
        new(1899, 12, 31), new(1900, 1, 1), new(1999, 12, 31), new(2000, 2, 29), new(2038, 1, 19),
    ];

    /// <summary>Pairs for two date parameters: the whole calendar both ways, a day at either end, a year at either end.</summary>
    private static readonly (DateOnly, DateOnly)[] ExtremePairs =
    [
        (First, Last), (Last, First), (First, First), (Last, Last), (First.AddDays(1), First), (Last, Last.AddDays(-1)),
        (Last.AddDays(-1), Last), (First, First.AddDays(365)), (Last.AddDays(-365), Last),
    ];

    [Fact]
    public async Task Every_day_of_the_calendar_in_every_date_parameter_of_every_read_endpoint_is_answered_never_with_a_5xx()
    {
        using var seed = new Seed(system);
        var seeded = await SeedAsync(seed);
        var endpoints = await DiscoverAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var violations = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<(string Endpoint, int Status), int>();
        var clock = Stopwatch.StartNew();

        async Task CheckAsync(Probe probe)
        {
            var (status, mediaType, body) = await SendAsync(http, probe.Endpoint.App, probe.PathAndQuery(seeded));
            statuses.AddOrUpdate((probe.Endpoint.ToString(), status), 1, (_, n) => n + 1);
            if (Violation(probe.Endpoint, status, mediaType, body) is { } violation)
            {
                throw new InvalidOperationException($"{probe} -> {status}: {violation}; {Excerpt(body)}");
            }
        }

        foreach (var endpoint in endpoints)
        {
            foreach (var probe in Outright(endpoint, seeded))
            {
                try
                {
                    await CheckAsync(probe);
                }
                catch (InvalidOperationException failure)
                {
                    violations.Add(failure.Message);
                }
            }

            try
            {
                await Probes(endpoint, seeded.Days).SampleAsync(CheckAsync, iter: SamplesPerEndpoint, threads: 2, print: probe => probe.ToString());
            }
            catch (CsCheckException failure)
            {
                violations.Add($"{endpoint}: {failure.Message}");
            }
        }

        clock.Stop();
        foreach (var endpoint in endpoints.Where(e => !statuses.ContainsKey((e.ToString(), 200))))
        {
            violations.Add($"{endpoint} never answered 200, not even for the seeded facts' days: does the seed hold the resource its route names?");
        }

        var cases = statuses.Values.Sum();
        var refused = statuses.Where(pair => pair.Key.Status == 400).Sum(pair => pair.Value);
        PropertyLedger.Add("date-parameters", cases, refused, clock.Elapsed, "generated days of the whole calendar in every date parameter of every read endpoint, through HTTP");
        output.WriteLine($"{cases} requests at {endpoints.Count} endpoints ({endpoints.Sum(e => e.Dates.Count)} date parameters) in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var group in statuses.GroupBy(pair => pair.Key.Endpoint).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {group.Key}: {string.Join(", ", group.OrderBy(pair => pair.Key.Status).Select(pair => $"{pair.Key.Status} x{pair.Value}"))}");
        }

        Assert.True(violations.IsEmpty, $"{violations.Count} answers broke the rules:\n" + string.Join('\n', violations.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task An_unparseable_date_in_any_date_parameter_is_a_400_problem_naming_the_parameter()
    {
        using var seed = new Seed(system);
        var seeded = await SeedAsync(seed);
        var endpoints = await DiscoverAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var wrong = new List<string>();
        var tried = 0;

        foreach (var endpoint in endpoints)
        {
            foreach (var parameter in endpoint.Dates)
            {
                // An empty route value would be another path altogether.
                var values = parameter.InRoute ? ["2025-13-40", "yesterday"] : new[] { "2025-13-40", string.Empty, "yesterday", "2025-13" };
                foreach (var value in values)
                {
                    tried++;
                    var path = endpoint.PathAndQuery(seeded.Resources, seeded.Required, [(parameter.Name, value)]);
                    var (status, mediaType, body) = await SendAsync(http, endpoint.App, path);
                    if (status != 400 || mediaType != ProblemJson || !Names(body, parameter.Name))
                    {
                        wrong.Add($"{endpoint} {path} -> {status} {mediaType}: {Excerpt(body)}");
                    }
                }
            }
        }

        output.WriteLine($"{tried} unparseable dates at {endpoints.Count} endpoints");
        Assert.True(wrong.Count == 0, $"{wrong.Count} unparseable dates were not refused with a problem naming their parameter:\n" + string.Join('\n', wrong));
    }

    /// <summary>
    /// The cases the property found, each a 500 or a composed answer degraded by the gateway's own question before its
    /// fix; <c>{series}</c> stands for the seeded adoption series.
    /// </summary>
    [Theory]
    [InlineData("gateway", "/api/landscape?asOf=0001-01-01", 200)]        // the trailing year began in year 0
    [InlineData("gateway", "/api/landscape?asOf=0001-12-31", 200)]
    [InlineData("gateway", "/api/timeline?from=0001-01-01&to=0001-01-01", 200)] // the regulation part asked for the day before 0001-01-01
    [InlineData("gateway", "/api/timeline?from=0001-01-01&to=0002-01-01", 200)]
    [InlineData("gateway", "/api/timeline?from=9999-12-30&to=9999-12-31", 200)] // regulation refused a window ending on the last day
    [InlineData("regulation", "/responses?after=9999-12-30&days=1", 200)]
    [InlineData("regulation", "/responses?after=9999-12-30&days=2", 400)] // but a day more is past the calendar
    [InlineData("pricing", "/price-index?from=9999-12&to=9999-12", 200)]   // stepped to the month after 9999-12
    [InlineData("pricing", "/price-index?from=9998-12&to=9999-12", 200)]
    [InlineData("adoption", "/series/{series}/growth?from=2025-03-03&to=2025-03-04", 200)] // annualised ten-fold overnight: infinity, not JSON
    public async Task A_case_the_property_found_is_answered_as_the_calendar_allows(string app, string pathAndQuery, int expected)
    {
        using var seed = new Seed(system);
        var seeded = await SeedAsync(seed);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        var (status, mediaType, body) = await SendAsync(http, app, pathAndQuery.Replace("{series}", seeded.Resources["series"], StringComparison.Ordinal));

        Assert.Equal(expected, status);
        if (status == 200)
        {
            using var answer = JsonDocument.Parse(body);
            Assert.False(answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("degraded", out var degraded) && degraded.GetArrayLength() > 0, body);
        }
        else
        {
            Assert.Equal(ProblemJson, mediaType);
            Assert.True(Names(body, "after"), body);
        }
    }

    [Fact]
    public async Task The_landscape_in_year_1_looks_back_no_further_than_the_first_day_of_the_calendar()
    {
        using var seed = new Seed(system);

        foreach (var (asOf, from) in new[] { ("0001-01-01", "0001-01-01"), ("0001-12-31", "0001-01-01"), ("0002-01-01", "0001-01-02"), ("0002-03-01", "0001-03-02") })
        {
            var (response, landscape, _) = await seed.GetAsync($"/api/landscape?asOf={asOf}");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(from, landscape.GetProperty("releasedFrom").GetString());
            Assert.Equal(asOf, landscape.GetProperty("releasedTo").GetString());
            Assert.Empty(landscape.GetProperty("groups").EnumerateArray());
            Assert.Empty(Seed.Degraded(landscape));
        }
    }

    [Fact]
    public async Task The_price_index_reaches_the_last_month_of_the_calendar_and_growth_too_steep_for_a_number_has_no_annualised_rate()
    {
        using var seed = new Seed(system);
        var seeded = await SeedAsync(seed);
        using var pricing = system.Pricing.NewClient(TestApiKeys.Reader);
        using var adoption = system.Adoption.NewClient(TestApiKeys.Reader);

        var index = await pricing.GetFromJsonAsync<JsonElement>("/price-index?from=9999-11&to=9999-12&bloc=Other");
        var months = index.EnumerateArray().Single().GetProperty("months").EnumerateArray().ToList();
        Assert.Equal(["9999-11", "9999-12"], months.Select(m => m.GetProperty("month").GetString()));
        Assert.All(months, month => Assert.True(month.GetProperty("offerings").GetInt32() >= 1)); // the seeded price still stands

        var overnight = await adoption.GetFromJsonAsync<JsonElement>($"/series/{seeded.Resources["series"]}/growth?from=2025-03-03&to=2025-03-04");
        Assert.Equal(900, overnight.GetProperty("percent").GetDouble());
        Assert.Equal(JsonValueKind.Null, overnight.GetProperty("annualisedPercent").ValueKind);
        var season = await adoption.GetFromJsonAsync<JsonElement>($"/series/{seeded.Resources["series"]}/growth?from=2025-03-04&to=2025-06-30");
        Assert.True(season.GetProperty("annualisedPercent").GetDouble() > 300, season.ToString()); // four-fold in 118 days
    }

    /// <summary>The seeded facts, and for each kind of resource a route names (the segment before it), one that exists.</summary>
    /// <param name="Required">Values for the other parameters some endpoints will not answer without (a leaderboard's metric and region).</param>
    /// <param name="Days">The days of the seeded facts, in order.</param>
    /// <param name="Launch">The day the model was released, first priced and first observed in use.</param>
    private sealed record Seeded(IReadOnlyDictionary<string, string> Resources, IReadOnlyDictionary<string, string> Required, IReadOnlyList<DateOnly> Days, DateOnly Launch)
    {
        public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metric"] = "monthly-active-users",
            ["region"] = "global",
            ["benchmark"] = "lmarena-text",
        };
    }

    /// <summary>
    /// A model from Iceland (IS), no other test's country, with a priced API offering that changes price, a measure
    /// in force there, and an adoption series that starts as launches do (ten-fold overnight), so each read has
    /// something to find.
    /// </summary>
    private static async Task<Seeded> SeedAsync(Seed seed)
    {
        var u = Seed.Unique();
        var model = $"dates-{u}";
        await seed.ModelAsync(model, $"Dates {u}", $"Dates Lab {u}", "IS", "2025-03-03", openWeights: true, freeAccess: "yes");
        await seed.PriceAsync($"Dates Lab {u}", "IS", $"Dates {u} API", model, 2, 6, "2025-03-03");
        await seed.PriceAsync($"Dates Lab {u}", "IS", $"Dates {u} API", model, 1, 2, "2025-04-01");
        await seed.MeasureAsync($"is-dates-{u}", "IS", ["frontier-models"], "restrictive", "2025-01-10", ("entry-into-force", "2025-02-01"));
        await seed.ObserveAsync($"dates-1-{u}", $"Dates {u} app", "monthly-active-users", "global", 100_000, "2025-03-03");
        await seed.ObserveAsync($"dates-2-{u}", $"Dates {u} app", "monthly-active-users", "global", 1_000_000, "2025-03-04");
        await seed.ObserveAsync($"dates-3-{u}", $"Dates {u} app", "monthly-active-users", "global", 4_000_000, "2025-06-30");
        await seed.ScoreAsync(model, "lmarena-text", 1250, "2025-03-03");

        var resources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["models"] = model,
            ["disruption"] = model,
            ["offerings"] = $"dates-lab-{u}.dates-{u}-api",
            ["measures"] = $"is-dates-{u}",
            ["jurisdictions"] = "IS",
            ["fx-rates"] = "EUR",
            ["series"] = $"dates-{u}-app.monthly-active-users.global",
            ["subjects"] = $"dates-{u}-app",
            ["observations"] = $"dates-1-{u}",
        };
        return new Seeded(resources, Seeded.Defaults, [new(2025, 1, 10), new(2025, 2, 1), new(2025, 3, 3), new(2025, 3, 4), new(2025, 4, 1), new(2025, 6, 30)], new(2025, 3, 3));
    }

    private async Task<IReadOnlyList<DatedEndpoint>> DiscoverAsync()
    {
        var endpoints = new List<DatedEndpoint>();
        var undetermined = new List<string>();
        foreach (var app in WholeSystem.ServiceNames.Append("gateway"))
        {
            var (services, address) = app == "gateway"
                ? (system.Gateway.Services, system.Gateway.BaseAddress)
                : (ServiceEndpoints.ServicesOf(system, app), ServiceEndpoints.AddressOf(system, app));
            using var client = new HttpClient { BaseAddress = address };
            var (found, unsure) = await DatedEndpoints.DiscoverAsync(app, services, client);
            endpoints.AddRange(found);
            undetermined.AddRange(unsure);
        }

        Assert.True(undetermined.Count == 0, string.Join('\n', undetermined));
        Assert.All(WholeSystem.ServiceNames.Append("gateway"), app => Assert.Contains(endpoints, endpoint => endpoint.App == app));
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints with dates found: is the routing table read?");

        return endpoints;
    }

    /// <summary>A request: the endpoint and a value for some of its date parameters (the others left out, to their defaults).</summary>
    private sealed record Probe(DatedEndpoint Endpoint, IReadOnlyList<(DateParameter Parameter, DateOnly Date)> Values)
    {
        public string PathAndQuery(Seeded seeded) =>
            Endpoint.PathAndQuery(seeded.Resources, seeded.Required, [.. Values.Select(v => (v.Parameter.Name, v.Parameter.Write(v.Date)))]);

        public override string ToString() =>
            $"{Endpoint} with {string.Join(", ", Values.Select(v => $"{v.Parameter.Name}={v.Parameter.Write(v.Date)}"))}";
    }

    /// <summary>Any day, biased: the extremes, the days within a year of either end, year boundaries, the seeded days and the next ones.</summary>
    private static Gen<DateOnly> Days(IReadOnlyList<DateOnly> seeded) => Gen.Frequency(
        (3, Gen.OneOf(Extremes)),
        (2, Gen.Int[0, 366].SelectMany(days => Gen.OneOf(First.AddDays(days), Last.AddDays(-days)))),
        (2, Gen.Int[1, 9999].SelectMany(year => Gen.OneOf(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)))),
        (2, Gen.Select(Gen.OneOf(seeded.ToArray()), Gen.Int[-1, 1], (day, offset) => day.AddDays(offset))),
        (3, Gen.Int[First.DayNumber, Last.DayNumber].Select(DateOnly.FromDayNumber)));

    /// <summary>Two days: independent (so from &gt; to half the time), or the second a few days before to a year and more after the first.</summary>
    private static Gen<(DateOnly, DateOnly)> Pairs(IReadOnlyList<DateOnly> seeded) => Gen.Frequency(
        (2, Gen.Select(Days(seeded), Days(seeded))),
        (3, Gen.Select(Days(seeded), Gen.Int[-3, 400], (from, days) => (from, DateOnly.FromDayNumber(Math.Clamp(from.DayNumber + days, First.DayNumber, Last.DayNumber))))));

    /// <summary>One date parameter alone, or the first two together.</summary>
    private static Gen<Probe> Probes(DatedEndpoint endpoint, IReadOnlyList<DateOnly> seeded)
    {
        var alone = endpoint.Dates.Select(parameter => Days(seeded).Select(day => new Probe(endpoint, [(parameter, day)])));
        var together = endpoint.Dates.Count < 2
            ? []
            : new[] { Pairs(seeded).Select(pair => new Probe(endpoint, [(endpoint.Dates[0], pair.Item1), (endpoint.Dates[1], pair.Item2)])) };
        return Gen.OneOf(alone.Concat(together).ToArray());
    }

    /// <summary>
    /// The seeded window (the first date parameter on the day the model, its first price and first observation came,
    /// any other on the last seeded day), where every endpoint has facts to answer with; the windows from each seeded
    /// day to the next; then the extremes in each date parameter alone and in pairs.
    /// </summary>
    private static IEnumerable<Probe> Outright(DatedEndpoint endpoint, Seeded seeded)
    {
        yield return new Probe(endpoint, [.. endpoint.Dates.Select((parameter, i) => (parameter, i == 0 && endpoint.Dates.Count > 1 ? seeded.Launch : seeded.Days[^1]))]);
        foreach (var parameter in endpoint.Dates)
        {
            foreach (var day in Extremes)
            {
                yield return new Probe(endpoint, [(parameter, day)]);
            }
        }

        if (endpoint.Dates.Count >= 2)
        {
            foreach (var (from, to) in seeded.Days.Zip(seeded.Days.Skip(1)).Concat(ExtremePairs))
            {
                yield return new Probe(endpoint, [(endpoint.Dates[0], from), (endpoint.Dates[1], to)]);
            }
        }
    }

    /// <summary>GET straight to the service, or to the gateway for its own endpoints, with a reader key; waits out the gateway's rate limit.</summary>
    private async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, string app, string pathAndQuery)
    {
        var address = app == "gateway" ? system.Gateway.BaseAddress : ServiceEndpoints.AddressOf(system, app);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, pathAndQuery.TrimStart('/')));
            request.Headers.Add("X-Api-Key", TestApiKeys.Reader);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 20)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
        }
    }

    /// <summary>Why an answer to a valid date breaks the rules, or null when it keeps them.</summary>
    private static string? Violation(DatedEndpoint endpoint, int status, string? mediaType, string body)
    {
        switch (status)
        {
            case >= 500:
                return "a server error";
            case 200 when mediaType != "application/json":
                return $"Content-Type {mediaType}";
            case 200:
                using (var answer = JsonDocument.Parse(body))
                {
                    return answer.RootElement.ValueKind == JsonValueKind.Object && answer.RootElement.TryGetProperty("degraded", out var degraded) && degraded.GetArrayLength() > 0
                        ? $"degraded with every service up: {degraded}"
                        : null;
                }

            case 400 when mediaType != ProblemJson:
                return $"a 400 of Content-Type {mediaType}";
            case 400:
                return endpoint.Dates.Any(parameter => Names(body, parameter.Name)) ? null : "a 400 that names none of the date parameters";
            case 404 when endpoint.Resources.Count > 0 && mediaType == ProblemJson:
                return null;
            default:
                return "neither 200, 400 nor a 404 for a resource of the route";
        }
    }

    /// <summary>Whether a problem names a rule and lists <paramref name="parameter"/> in its errors.</summary>
    private static bool Names(string body, string parameter)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("rule", out var rule) && rule.GetString() is { Length: > 0 }
                && problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                && errors.EnumerateObject().Any(error => error.Name.Equals(parameter, StringComparison.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "..." : body;
}
