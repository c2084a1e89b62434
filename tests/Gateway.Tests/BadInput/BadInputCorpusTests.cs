using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Intelligence.Platform.Catalogs;
using Intelligence.TestSupport;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Xunit.Abstractions;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// Bad input at every endpoint of every service, generated from each endpoint's own metadata (its route, the
/// handler's parameters, the body type it binds, the content type it accepts) and sent straight to the service and
/// through the gateway: every answer is a 4xx problem naming its rule (and, for a validation error, the field),
/// never a 5xx, and the stores hold as many events and notes afterwards as before. The whole system is this class's
/// own, so nothing else writes to its stores while they are counted.
/// </summary>
[Collection(BadInputIsolation.Name)]
public sealed class BadInputCorpusTests(WholeSystem system, ITestOutputHelper output) : IClassFixture<WholeSystem>
{
    /// <summary>Requests in flight on each path (straight, through the gateway): modest, as CI shares the machine.</summary>
    private const int Concurrency = 6;

    private const string ProblemJson = "application/problem+json";

    [Fact]
    public async Task Every_bad_input_at_every_endpoint_is_refused_with_a_problem_and_stores_nothing()
    {
        var corpus = WholeSystem.ServiceNames.SelectMany(Corpus).ToList();

        var before = await StoredAsync();
        var clock = Stopwatch.StartNew();
        var answers = await SendAsync(corpus);
        var after = await StoredAsync();
        clock.Stop();

        var violations = answers.Where(answer => answer.Violation is not null)
            .Select(answer => $"{answer.Item.Method} {answer.Url.PathAndQuery} [{answer.Item.Kind}: {answer.Item.Detail}] -> {answer.Status}: {answer.Violation}; {Excerpt(answer.Body)}")
            .ToList();
        violations.AddRange(WholeSystem.ServiceNames
            .Where(service => before[service] != after[service])
            .Select(service => $"{service}: the store held {before[service]} and now holds {after[service]}: the corpus stored something"));

        var serverErrors = answers.Count(answer => answer.Status >= 500);
        var statuses = answers.GroupBy(answer => answer.Status).OrderBy(group => group.Key).ToDictionary(group => group.Key, group => group.Count());
        var kinds = corpus.GroupBy(item => item.Kind).OrderBy(group => group.Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count());
        var endpoints = corpus.Select(item => $"{item.Service} {item.Endpoint}").Distinct(StringComparer.Ordinal).Count();
        var observations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["corpus items"] = corpus.Count.ToString(CultureInfo.InvariantCulture),
            ["endpoints covered"] = endpoints.ToString(CultureInfo.InvariantCulture),
            ["violations"] = violations.Count.ToString(CultureInfo.InvariantCulture),
            ["bare 400 from Kestrel (NUL in the path)"] = answers.Count(answer => RefusedByKestrel(answer.Url, answer.Status, answer.Body)).ToString(CultureInfo.InvariantCulture),
            ["404 for an unknown resource before its state-dependent checks"] = answers.Count(answer => answer.Item.Status != answer.Status && UnknownResourceFirst(answer.Item, answer.Status, answer.Body)).ToString(CultureInfo.InvariantCulture),
            ["429 retries through the gateway"] = answers.Sum(answer => answer.RateLimitRetries).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (status, count) in statuses)
        {
            observations[$"{status} answers"] = count.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (kind, count) in kinds)
        {
            observations[$"items {kind}"] = count.ToString(CultureInfo.InvariantCulture);
        }

        ReliabilityLedger.Write(new ReliabilityRecord
        {
            Scenario = "bad-input-corpus",
            Fault = "Malformed, truncated, mistyped, oversized and mislabelled bodies, invalid dates, currencies and countries, "
                + "traversal, injection and Unicode strings in fields, routes and queries, broken CSV files: at every endpoint, straight and through the gateway.",
            BadInputsTried = answers.Count,
            ServerErrors = serverErrors,
            EventsWritten = WholeSystem.ServiceNames.Sum(service => after[service].Events - before[service].Events),
            Observations = observations,
            Seconds = Math.Round(clock.Elapsed.TotalSeconds, 1),
        });

        output.WriteLine($"{corpus.Count} items at {endpoints} endpoints, {answers.Count} requests in {clock.Elapsed.TotalSeconds:F1} s; {serverErrors} 5xx; {violations.Count} violations");
        output.WriteLine("statuses: " + string.Join(", ", statuses.Select(pair => $"{pair.Key}: {pair.Value}")));
        output.WriteLine("kinds: " + string.Join(", ", kinds.Select(pair => $"{pair.Key}: {pair.Value}")));
        Assert.True(violations.Count == 0, $"{violations.Count} answers broke the rules:\n" + string.Join('\n', violations));
    }

    /// <summary>The corpus of one service: for each endpoint, what fits the input it takes.</summary>
    private IEnumerable<CorpusItem> Corpus(string service)
    {
        var bodiesCovered = new HashSet<Type>();
        var missingExamples = new List<string>();
        foreach (var (method, endpoint) in ServiceEndpoints.ProtectedOf(system, service))
        {
            foreach (var item in CorpusOf(service, method, endpoint, bodiesCovered, missingExamples))
            {
                yield return item with { Endpoint = $"{method} {endpoint.RoutePattern.RawText}" };
            }
        }

        Assert.True(missingExamples.Count == 0, "No valid example body (BadInput/ValidBodies.cs) for: " + string.Join(", ", missingExamples));
    }

    private static IEnumerable<CorpusItem> CorpusOf(string service, string method, RouteEndpoint endpoint, HashSet<Type> bodiesCovered, List<string> missingExamples)
    {
        var accepts = endpoint.Metadata.GetMetadata<IAcceptsMetadata>();
        if (endpoint.Metadata.GetMetadata<CatalogSnapshotEndpoint>() is { } snapshot)
        {
            foreach (var item in SnapshotCorpus.For(service, ServiceEndpoints.Concrete(endpoint), snapshot.Catalog))
            {
                yield return item;
            }

            yield break;
        }

        if (accepts?.ContentTypes.Contains("text/csv") == true)
        {
            foreach (var item in CsvCorpus.For(service, ServiceEndpoints.Concrete(endpoint)))
            {
                yield return item;
            }

            yield break;
        }

        if (accepts?.RequestType is { } bodyType && method is "POST" or "PUT" or "PATCH")
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "?";
            if (ValidBodies.For(name) is not { } example)
            {
                missingExamples.Add($"{service} {name}");
                yield break;
            }

            // A body type bound by several routes (the lifecycle steps, each service's replay) is checked field
            // by field once: its binding and validation are the same code whichever route takes it.
            var envelopeOnly = !bodiesCovered.Add(bodyType);
            foreach (var item in JsonBodyCorpus.For(service, ServiceEndpoints.Concrete(endpoint, JsonBodyCorpus.UnknownId), bodyType, example, envelopeOnly))
            {
                yield return item;
            }

            foreach (var item in ParameterCorpus.For(service, method, endpoint, Encoding.UTF8.GetBytes(example.Body.ToJsonString()), "application/json"))
            {
                yield return item;
            }

            yield break;
        }

        foreach (var item in ParameterCorpus.For(service, method, endpoint, validBody: null, contentType: null))
        {
            yield return item;
        }
    }

    private sealed record Answer(CorpusItem Item, Uri Url, int Status, string Body, string? Violation, int RateLimitRetries);

    /// <summary>Sends every item straight to its service and through the gateway, each path with its own few requests in flight.</summary>
    private async Task<IReadOnlyList<Answer>> SendAsync(IReadOnlyList<CorpusItem> corpus)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var answers = new ConcurrentBag<Answer>();

        // The gateway holds each key to 100 requests a second (bursts of 200): the corpus keeps under that, and
        // sends each request with the least role it needs (reader, editor, operator) so each role's bucket
        // carries its own share. Authorization is still never what refuses an item.
        var gatewayPace = new[] { TestApiKeys.Reader, TestApiKeys.Editor, TestApiKeys.Operator }.ToDictionary(key => key, _ => Pace());

        var straight = Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, cancellationToken) =>
            answers.Add(await SendOneAsync(http, new Uri(ServiceEndpoints.AddressOf(system, item.Service), item.Path.TrimStart('/')), item, TestApiKeys.Operator, pace: null)));
        var throughGateway = Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (item, cancellationToken) =>
        {
            var key = LeastKeyFor(item);
            answers.Add(await SendOneAsync(http, new Uri(system.Gateway.BaseAddress, $"api/{item.Service}{item.Path}"), item, key, gatewayPace[key]));
        });
        try
        {
            await Task.WhenAll(straight, throughGateway);
        }
        finally
        {
            foreach (var pace in gatewayPace.Values)
            {
                pace.Dispose();
            }
        }

        return [.. answers];
    }

    private static async Task<Answer> SendOneAsync(HttpClient http, Uri url, CorpusItem item, string key, RateLimiter? pace)
    {
        for (var retries = 0; ; retries++)
        {
            if (pace is not null)
            {
                using var lease = await pace.AcquireAsync();
            }

            using var request = new HttpRequestMessage(new HttpMethod(item.Method), url);
            request.Headers.Add("X-Api-Key", key);
            if (item.Body is not null)
            {
                request.Content = new ByteArrayContent(item.Body);
                if (item.ContentType is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(item.ContentType);
                }

                // A server that refuses an oversized body says so before it is sent, rather than resetting the connection.
                request.Headers.ExpectContinue = item.Body.Length > 1024 * 1024;
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.TooManyRequests && pace is not null && retries < 20)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            var status = (int)response.StatusCode;
            return new Answer(item, url, status, body, Violation(item, url, status, response.Content.Headers.ContentType?.MediaType, body), retries);
        }
    }

    /// <summary>
    /// Why a refused import's report breaks its cap: it must count every rejected row in its totals and list no more
    /// than the first <c>listedEach</c> of them. Null when it keeps to it.
    /// </summary>
    private static string? ReportOverflows(JsonElement report)
    {
        if (!report.TryGetProperty("totals", out var totals) || !totals.TryGetProperty("rejected", out var counted) || !totals.TryGetProperty("listedEach", out var cap))
        {
            return "the report has no totals counting its rejected rows";
        }

        var listed = report.GetProperty("rejected").GetArrayLength();
        return listed > cap.GetInt32() ? $"the report lists {listed} rejected rows, over its cap of {cap.GetInt32()}"
            : counted.GetInt32() < listed ? $"the report counts {counted.GetInt32()} rejected rows and lists {listed}"
            : report.GetProperty("rows").GetInt32() != counted.GetInt32() ? $"every one of the {report.GetProperty("rows").GetInt32()} rows was refused, the totals count {counted.GetInt32()}"
            : null;
    }

    /// <summary>Why an answer breaks the rules, or null when it keeps them.</summary>
    private static string? Violation(CorpusItem item, Uri url, int status, string? mediaType, string body)
    {
        if (status >= 500)
        {
            return "a server error";
        }

        if (RefusedByKestrel(url, status, body))
        {
            return null;
        }

        if (item.Expectation == Expectation.NoServerError && status < 400)
        {
            return null;
        }

        if (status < 400)
        {
            return "invalid input accepted";
        }

        if (item.Status is { } expected && status != expected && !UnknownResourceFirst(item, status, body))
        {
            return $"expected {expected}";
        }

        if (mediaType != ProblemJson)
        {
            return $"Content-Type {mediaType ?? "none"}, not {ProblemJson}";
        }

        JsonElement problem;
        try
        {
            problem = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            return "the problem is not JSON";
        }

        if (!problem.TryGetProperty("rule", out var rule) || rule.ValueKind != JsonValueKind.String || rule.GetString() is not { Length: > 0 })
        {
            return "the problem names no rule";
        }

        if (status == 422 && item.Kind.StartsWith("csv", StringComparison.Ordinal)
            && !(problem.TryGetProperty("report", out var report) && report.TryGetProperty("rejected", out var rejected) && rejected.ValueKind == JsonValueKind.Array))
        {
            return "the refused import carries no report with its rejected rows";
        }

        if (status == 422 && item.Kind.StartsWith("csv", StringComparison.Ordinal) && ReportOverflows(problem.GetProperty("report")) is { } overflow)
        {
            return overflow;
        }

        if (item.Field is { } field && status == 400)
        {
            if (!problem.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
            {
                return $"no errors naming {field}";
            }

            var named = errors.EnumerateObject().Select(error => error.Name).ToList();
            if (!named.Any(name => Names(name, field)))
            {
                return $"the errors name {string.Join(", ", named)}, not {field}";
            }
        }

        return null;
    }

    /// <summary>
    /// The corpus writes nothing, not even the resources its commands name (the gateway collection's consumers
    /// would receive their events and count them), so a command whose checks depend on the resource's state (a
    /// correction merges over what it corrects) may first say that the resource does not exist.
    /// </summary>
    private static bool UnknownResourceFirst(CorpusItem item, int status, string body) =>
        status == 404 && item.Status == 400 && item.Path.Contains(JsonBodyCorpus.UnknownId, StringComparison.Ordinal)
        && body.Contains("\"rule\":\"exists\"", StringComparison.Ordinal);

    /// <summary>
    /// Kestrel refuses a path holding an encoded NUL while parsing the request line, before any middleware runs,
    /// with a bare 400 that no app can dress as a problem.
    /// </summary>
    private static bool RefusedByKestrel(Uri url, int status, string body) =>
        status == 400 && body.Length == 0 && url.AbsolutePath.Contains("%00", StringComparison.Ordinal);

    /// <summary>Whether an error key is about the field: the field itself, a part of it, or the whole it belongs to.</summary>
    private static bool Names(string key, string field) =>
        key == field
        || key.StartsWith(field + ".", StringComparison.Ordinal) || key.StartsWith(field + "[", StringComparison.Ordinal)
        || field.StartsWith(key + ".", StringComparison.Ordinal) || field.StartsWith(key + "[", StringComparison.Ordinal);

    private static string LeastKeyFor(CorpusItem item) =>
        item.Path.StartsWith("/admin", StringComparison.Ordinal) ? TestApiKeys.Operator
        : item.Method == "GET" ? TestApiKeys.Reader
        : TestApiKeys.Editor;

    private static TokenBucketRateLimiter Pace() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 150,
        TokensPerPeriod = 90,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        AutoReplenishment = true,
    });

    private readonly record struct Stored(long Events, int Notes);

    /// <summary>What each service's store holds: its events (<c>/admin/progress</c>) and, for adoption, the rows kept as notes.</summary>
    private async Task<Dictionary<string, Stored>> StoredAsync()
    {
        var stored = new Dictionary<string, Stored>(StringComparer.Ordinal);
        foreach (var service in WholeSystem.ServiceNames)
        {
            using var client = new HttpClient { BaseAddress = ServiceEndpoints.AddressOf(system, service) };
            client.DefaultRequestHeaders.Add("X-Api-Key", TestApiKeys.Operator);
            var progress = await client.GetFromJsonAsync<JsonElement>("/admin/progress");
            var notes = service == "adoption" ? (await client.GetFromJsonAsync<JsonElement>("/notes")).GetArrayLength() : 0;
            stored[service] = new Stored(progress.GetProperty("events").GetInt64(), notes);
        }

        return stored;
    }

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "..." : body;
}

/// <summary>
/// The corpus runs alone, after the other collections: its system's consumers bind their own queues to the same
/// exchanges as the shared system's, and the metrics registry is the process's, so while both systems live, every
/// event the shared system publishes is counted by two consumers per service, and the tests that compare the relay's
/// counters with the consumers' would see twice as many.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BadInputIsolation
{
    public const string Name = "bad input, isolated";
}
