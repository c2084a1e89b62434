using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Intelligence.Gateway.Composition;
using Intelligence.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Gateway.Tests;

/// <summary>Known facts posted straight to each service of the whole system, for the composed read models to compose.</summary>
internal sealed class Seed(WholeSystem system) : IDisposable
{
    public static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private readonly HttpClient _releases = system.Releases.NewClient();
    private readonly HttpClient _pricing = system.Pricing.NewClient();
    private readonly HttpClient _regulation = system.Regulation.NewClient();
    private readonly HttpClient _adoption = system.Adoption.NewClient();

    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    // The releases lists and counts, and regulation's status spells and step dates, follow a write by a moment (async
    // projections), so the first read through the gateway after a model or a measure was written waits for them;
    // reads of a seed that wrote neither do not wait.
    private bool _releasesWritten;
    private bool _regulationWritten;

    public TimeSpan PartTimeout => system.Gateway.Services.GetRequiredService<CompositionSettings>().PartTimeout;

    public async Task ModelAsync(string id, string name, string organization, string country, string releaseDate, bool openWeights = false, string freeAccess = "unknown")
    {
        _releasesWritten = true;
        await Ok(_releases.PostAsJsonAsync("/models", new
        {
            id,
            name,
            organization = new { name = organization },
            originCountries = new[] { country },
            releaseDate,
            openWeights,
            freeAccess,
            sourceUrl = "https://example.org/release",
        }));
    }

    public async Task PriceAsync(string provider, string country, string offering, string modelId, decimal input, decimal output, string effectiveOn) =>
        await Ok(_pricing.PostAsJsonAsync("/observations", new
        {
            provider,
            providerCountry = country,
            offering,
            kind = "api",
            modelId,
            currency = "USD",
            inputPerMillion = input,
            outputPerMillion = output,
            effectiveOn,
            sourceUrl = "https://example.org/pricing",
        }));

    /// <summary>
    /// Records a model's score in the releases service and waits until pricing's price-performance read lists the
    /// model's priced offerings with it (pricing learns scores from the releases events): price the model first.
    /// </summary>
    public async Task ScoreAsync(string modelId, string benchmark, decimal score, string measuredOn)
    {
        await Ok(_releases.PostAsJsonAsync("/scores", new { modelId, benchmark, score, measuredOn, sourceUrl = "https://example.org/leaderboard" }));
        await Eventually.Until(
            async () =>
            {
                using var response = await _pricing.GetAsync($"/price-performance?benchmark={benchmark}&asOf=9999-12-31");
                return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : string.Empty;
            },
            answer => answer.Contains($"\"modelId\":\"{modelId}\"", StringComparison.Ordinal),
            Delivery,
            $"{modelId}'s score in pricing");
    }

    /// <summary>Records a measure by its adoption, then each further step (path and date) in order.</summary>
    public async Task MeasureAsync(string id, string jurisdiction, string[] targets, string direction, string adoptedOn, params (string Step, string On)[] steps)
    {
        _regulationWritten = true;
        await Ok(_regulation.PostAsJsonAsync($"/measures/{id}/adoption", new
        {
            date = adoptedOn,
            source = "https://example.org/gazette",
            measure = new { title = $"Measure {id}", jurisdiction, type = "law", targets, direction },
        }));
        foreach (var (step, on) in steps)
        {
            await Ok(_regulation.PostAsJsonAsync($"/measures/{id}/{step}", new { date = on, source = "https://example.org/gazette" }));
        }
    }

    public async Task ObserveAsync(string id, string subject, string metric, string region, decimal value, string observedOn) =>
        await Ok(_adoption.PostAsJsonAsync("/observations", new
        {
            id,
            subject = new { name = subject, organization = new { name = $"Maker of {subject}" } },
            metric,
            region,
            value,
            observedOn,
            measurementType = "third-party-estimate",
            source = "https://example.org/tracker",
        }));

    /// <summary>Waits until the adoption service has linked a subject to a model of the catalog (it learns models from the releases events).</summary>
    public Task LinkedAsync(string subjectId) => Eventually.Until(
        () => _adoption.GetFromJsonAsync<JsonElement>($"/subjects/{subjectId}"),
        subject => subject.GetProperty("subject").GetProperty("link").GetProperty("kind").GetString() == "model",
        Delivery,
        $"adoption subject {subjectId} linked to its model");

    private async Task WrittenCaughtUpAsync()
    {
        if (_releasesWritten)
        {
            await system.Releases.ProjectionsCaughtUpAsync();
            _releasesWritten = false;
        }

        if (_regulationWritten)
        {
            await system.Regulation.ProjectionsCaughtUpAsync();
            _regulationWritten = false;
        }
    }

    /// <summary>A GET through the gateway, with how long it took.</summary>
    public async Task<(HttpResponseMessage Response, JsonElement Body, TimeSpan Took)> GetAsync(string path)
    {
        await WrittenCaughtUpAsync();
        var started = Stopwatch.GetTimestamp();
        var response = await system.Client.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response, body, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>A GET through the gateway, sending <paramref name="ifNoneMatch"/> when given.</summary>
    public async Task<HttpResponseMessage> GetWithTagAsync(string path, EntityTagHeaderValue? ifNoneMatch)
    {
        await WrittenCaughtUpAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return await system.Client.SendAsync(request);
    }

    /// <summary>
    /// Reads a composed answer, then asks again under its tag until the gateway sends the kept answer (other test
    /// classes write to the same services meanwhile, and each write moves a part's tag): whether one went out kept
    /// within 30 tries (a 304, and the endpoint's kept answers counted), whether a read without the tag gave the very
    /// bytes composed under it, and the last tag.
    /// </summary>
    public async Task<(bool Kept, bool SameBody, EntityTagHeaderValue Tag)> AskAgainUntilKeptAsync(string path, string endpoint)
    {
        var (first, _, _) = await GetAsync(path);
        var tag = first.Headers.ETag ?? throw new InvalidOperationException($"{path} answered {first.StatusCode} without an ETag");
        var body = await first.Content.ReadAsStringAsync();
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var before = await KeptAnswersAsync(endpoint);
            using var again = await GetWithTagAsync(path, tag);
            if (again.StatusCode == HttpStatusCode.NotModified && await KeptAnswersAsync(endpoint) > before)
            {
                using var plain = await GetWithTagAsync(path, ifNoneMatch: null);
                return (true, !Equals(plain.Headers.ETag, tag) || await plain.Content.ReadAsStringAsync() == body, tag);
            }

            if (again.StatusCode == HttpStatusCode.OK)
            {
                (tag, body) = (again.Headers.ETag!, await again.Content.ReadAsStringAsync());
            }
        }

        return (false, false, tag);
    }

    private async Task<double> KeptAnswersAsync(string endpoint)
    {
        using var anonymous = system.Gateway.NewClient(apiKey: null);
        var metrics = MetricsText.Parse(await anonymous.GetStringAsync("/metrics"));
        return metrics.Samples
            .Where(s => s.Name == "intelligence_gateway_kept_answers_total" && s.Labels["endpoint"] == endpoint && s.Labels["outcome"] == "revalidated")
            .Sum(s => s.Value);
    }

    public static IReadOnlyList<(string Part, string Service)> Degraded(JsonElement answer) =>
        [.. answer.GetProperty("degraded").EnumerateArray().Select(d => (d.GetProperty("part").GetString()!, d.GetProperty("service").GetString()!))];

    public void Dispose()
    {
        _releases.Dispose();
        _pricing.Dispose();
        _regulation.Dispose();
        _adoption.Dispose();
    }

    private static async Task Ok(Task<HttpResponseMessage> posting)
    {
        using var response = await posting;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
