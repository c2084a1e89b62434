using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Intelligence.Adoption.Integration;
using Intelligence.Platform.Messaging;
using Intelligence.Platform.Metrics;
using Intelligence.TestSupport;
using MassTransit;
using Contract = Intelligence.Contracts.Releases;

namespace Intelligence.Adoption.Tests.Api;

/// <summary>
/// Subjects link to the catalog through the releases service's events, consumed from the real broker into the
/// adoption service's replica: whichever comes first, the release or the observation.
/// </summary>
public sealed class LinkingTests(AdoptionWithReleases system) : IClassFixture<AdoptionWithReleases>
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private static object Release(string id, string name, string organization, string country, string releaseDate = "2025-01-20") => new
    {
        id,
        name,
        organization = new { name = organization },
        originCountries = new[] { country },
        releaseDate,
        openWeights = true,
        sourceUrl = "https://example.org/release",
    };

    private static object Observation(string id, string subject, string organization, decimal value, string region = "global") => new
    {
        id,
        subject = new { name = subject, organization = new { name = organization } },
        metric = "monthly-active-users",
        region,
        value,
        observedOn = "2025-03-31",
        measurementType = "third-party-estimate",
        source = "https://example.org/tracker",
    };

    private async Task AnnounceAsync(string id, string name, string organization, string country, string releaseDate = "2025-01-20") =>
        (await system.ReleasesClient.PostAsJsonAsync("/models", Release(id, name, organization, country, releaseDate))).EnsureSuccessStatusCode();

    private async Task RecordAsync(string id, string subject, string organization, decimal value, string region = "global") =>
        (await system.Client.PostAsJsonAsync("/observations", Observation(id, subject, organization, value, region))).EnsureSuccessStatusCode();

    private Task<JsonElement> SubjectAsync(string id) => system.Client.GetFromJsonAsync<JsonElement>($"/subjects/{id}");

    private Task<JsonElement> LinkedSubjectAsync(string id, string kind) => Eventually.Until(
        () => SubjectAsync(id),
        subject => subject.GetProperty("subject").GetProperty("link").GetProperty("kind").GetString() == kind,
        Delivery,
        $"subject {id} linked by {kind}");

    [Fact]
    public async Task Release_first_then_observation_links_by_organization_to_its_country_and_bloc()
    {
        var u = Unique();
        await AnnounceAsync($"zeta-1-{u}", $"Zeta-1 {u}", $"Zeta Labs {u}", "CN");
        await Eventually.Until(
            async () =>
            {
                await using var session = system.Store.QuerySession();
                return await session.LoadAsync<CatalogModel>($"zeta-1-{u}");
            },
            model => model is { CardVersion: 1 },
            Delivery,
            "the release in the adoption replica");

        await RecordAsync($"zeta-{u}", $"Zeta Chat {u}", $"Zeta Labs {u}", 30_000_000);

        var link = (await SubjectAsync($"zeta-chat-{u}")).GetProperty("subject").GetProperty("link");
        Assert.Equal("organization", link.GetProperty("kind").GetString());
        Assert.Equal("China", link.GetProperty("bloc").GetString());
        Assert.Equal(["CN"], link.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([$"zeta-1-{u}"], link.GetProperty("models").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task An_organization_link_rests_on_its_newest_model_follows_corrections_and_newer_releases_and_is_found_from_any_of_its_models()
    {
        var u = Unique();
        await AnnounceAsync($"sigma-a-{u}", $"Sigma-A {u}", $"Sigma Labs {u}", "CN", "2024-03-01");
        await AnnounceAsync($"sigma-b-{u}", $"Sigma-B {u}", $"Sigma Labs {u}", "CN", "2024-09-01");
        await AnnounceAsync($"sigma-c-{u}", $"Sigma-C {u}", $"Sigma Labs {u}", "US", "2025-01-20");
        await RecordAsync($"sigma-{u}", $"Sigma Chat {u}", $"Sigma Labs {u}", 7_000_000);

        var linked = await Eventually.Until(
            () => SubjectAsync($"sigma-chat-{u}"),
            subject => subject.GetProperty("subject").GetProperty("link").GetProperty("models").EnumerateArray().Select(m => m.GetString()).SequenceEqual([$"sigma-c-{u}"]),
            Delivery,
            "the subject linked to its organization's newest model");
        Assert.Equal("organization", linked.GetProperty("subject").GetProperty("link").GetProperty("kind").GetString());
        Assert.Equal("US", linked.GetProperty("subject").GetProperty("link").GetProperty("bloc").GetString());
        var byOldest = await system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=sigma-a-{u}");
        Assert.Equal([$"sigma-{u}"], byOldest.GetProperty("items").EnumerateArray().Select(o => o.GetProperty("id").GetString()));

        // The newest model dated back: the organization's newest is the one released next before it.
        (await system.ReleasesClient.PostAsJsonAsync(
            $"/models/sigma-c-{u}/corrections", new { reason = "the date was a preview", releaseDate = "2023-01-10", sourceUrl = "https://example.org/news" }))
            .EnsureSuccessStatusCode();

        var relinked = (await Eventually.Until(
            () => SubjectAsync($"sigma-chat-{u}"),
            subject => subject.GetProperty("subject").GetProperty("link").GetProperty("models").EnumerateArray().Select(m => m.GetString()).SequenceEqual([$"sigma-b-{u}"]),
            Delivery,
            "the subject relinked to the next newest model")).GetProperty("subject").GetProperty("link");
        Assert.Equal("China", relinked.GetProperty("bloc").GetString());
        var byCorrected = await system.Client.GetFromJsonAsync<JsonElement>($"/observations?model=sigma-c-{u}");
        Assert.Equal(1, byCorrected.GetProperty("total").GetInt32());

        // An older release of the organization leaves the link alone; a newer one takes it over.
        await AnnounceAsync($"sigma-old-{u}", $"Sigma-Old {u}", $"Sigma Labs {u}", "GB", "2022-01-01");
        await AnnounceAsync($"sigma-d-{u}", $"Sigma-D {u}", $"Sigma Labs {u}", "FR", "2025-06-01");
        var takenOver = (await Eventually.Until(
            () => SubjectAsync($"sigma-chat-{u}"),
            subject => subject.GetProperty("subject").GetProperty("link").GetProperty("models").EnumerateArray().Select(m => m.GetString()).SequenceEqual([$"sigma-d-{u}"]),
            Delivery,
            "the subject relinked to the newer model")).GetProperty("subject").GetProperty("link");
        Assert.Equal("EU", takenOver.GetProperty("bloc").GetString());
    }

    [Fact]
    public async Task Observation_first_stays_unlinked_until_its_organization_releases_a_model()
    {
        var u = Unique();
        await RecordAsync($"omega-{u}", $"Omega Assistant {u}", $"Omega {u}", 60_000_000);
        var before = (await SubjectAsync($"omega-assistant-{u}")).GetProperty("subject").GetProperty("link");
        Assert.Equal("unlinked", before.GetProperty("kind").GetString());
        Assert.Equal("unknown", before.GetProperty("bloc").GetString());

        await AnnounceAsync($"omega-x-{u}", $"Omega-X {u}", $"Omega {u}", "US");

        var after = (await LinkedSubjectAsync($"omega-assistant-{u}", "organization")).GetProperty("subject").GetProperty("link");
        Assert.Equal("US", after.GetProperty("bloc").GetString());
        Assert.Equal($"omega-{u}", after.GetProperty("organization").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_product_named_for_a_model_family_links_by_model_even_from_another_organization_name()
    {
        var u = Unique();
        await RecordAsync($"kappa-{u}", $"Kappa{u} app", $"Kappa Holdings {u}", 5_000_000);

        await AnnounceAsync($"kappa{u}-2", $"Kappa{u}-2", $"Kappa Research {u}", "FR");

        var link = (await LinkedSubjectAsync($"kappa{u}-app", "model")).GetProperty("subject").GetProperty("link");
        Assert.Equal("EU", link.GetProperty("bloc").GetString());
        Assert.Equal($"kappa-research-{u}", link.GetProperty("organization").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Share_by_bloc_splits_a_region_by_the_origin_its_subjects_have_through_the_catalog()
    {
        var u = Unique();
        await RecordAsync($"alpha-{u}", $"Alpha {u}", $"Alpha Org {u}", 30_000_000, "NG");
        await RecordAsync($"beta-{u}", $"Beta {u}", $"Beta Org {u}", 60_000_000, "Nigeria");
        await RecordAsync($"gamma-{u}", $"Gamma {u}", $"Gamma Org {u}", 10_000_000, "NG");
        await AnnounceAsync($"alpha-model-{u}", $"AM {u}", $"Alpha Org {u}", "CN");
        await AnnounceAsync($"beta-model-{u}", $"BM {u}", $"Beta Org {u}", "US");

        var shares = await Eventually.Until(
            () => system.Client.GetFromJsonAsync<JsonElement>("/share-by-bloc?metric=monthly-active-users&region=NG&asOf=2025-06-30"),
            s => s.GetProperty("blocs").GetArrayLength() == 3,
            Delivery,
            "three blocs in Nigeria");

        var blocs = shares.GetProperty("blocs").EnumerateArray().Select(b => (b.GetProperty("bloc").GetString(), b.GetProperty("share").GetDouble())).ToList();
        Assert.Equal([("US", 60.0), ("China", 30.0), ("unknown", 10.0)], blocs);
        Assert.Equal(100_000_000, shares.GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task A_subject_of_an_organization_from_a_place_that_is_no_known_country_links_with_the_place_kept_and_its_bloc_unknown()
    {
        var u = Unique();
        await AnnounceAsync($"delta-1-{u}", $"Delta-1 {u}", $"Delta Labs {u}", "Kosovo");

        await RecordAsync($"delta-{u}", $"Delta Chat {u}", $"Delta Labs {u}", 4_000_000);

        var link = (await LinkedSubjectAsync($"delta-chat-{u}", "organization")).GetProperty("subject").GetProperty("link");
        Assert.Equal("unknown", link.GetProperty("bloc").GetString());
        Assert.Equal(["Kosovo"], link.GetProperty("originCountries").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Kosovo", link.GetProperty("organizationCountry").GetString());
    }

    [Fact]
    public async Task Replica_takes_the_newest_version_of_each_part_whatever_the_order_and_drops_duplicates()
    {
        var u = Unique();
        var modelId = $"sigma-{u}";
        var released = new Contract.ModelReleased(
            Guid.NewGuid(), modelId, 1, new DateOnly(2025, 1, 20), DateTimeOffset.UtcNow, "https://example.org/v1", $"Sigma {u}", $"sigma-lab-{u}", $"Sigma Lab {u}", "CN",
            ["CN"], "China", "announcement", false, "proprietary", "no", null, ["text"], null, "high");
        var corrected = new Contract.ModelDetailsCorrected(
            Guid.NewGuid(), modelId, 2, DateTimeOffset.UtcNow, "https://example.org/v2", "moved", ["organization", "originCountries"], $"Sigma {u}", $"sigma-lab-{u}",
            $"Sigma Lab {u}", "US", ["US"], "US", new DateOnly(2025, 1, 20), "announcement", false, "proprietary", "no", null, ["text"], null, "high");
        var access = new Contract.ModelAccessChanged(
            Guid.NewGuid(), modelId, 3, new DateOnly(2025, 2, 1), DateTimeOffset.UtcNow, "https://example.org/v3", true, "MIT", "yes", true, null);
        var retired = new Contract.ModelRetired(Guid.NewGuid(), modelId, 4, new DateOnly(2025, 6, 1), DateTimeOffset.UtcNow, "https://example.org/v4", "superseded");
        var duplicates = PlatformMetrics.MessagesConsumed.WithLabels("adoption", nameof(Contract.ModelReleased), "duplicate").Value;

        // Newest first: the retirement, the access change and the correction all arrive before the release.
        await system.Bus.Publish(retired, context => context.MessageId = retired.EventId);
        await system.Bus.Publish(access, context => context.MessageId = access.EventId);
        await system.Bus.Publish(corrected, context => context.MessageId = corrected.EventId);
        await system.Bus.Publish(released, context => context.MessageId = released.EventId);

        await Eventually.Until(
            async () =>
            {
                await using var session = system.Store.QuerySession();
                return await session.LoadAsync<HandledMessage>($"{nameof(ModelReleasedConsumer)}/{released.EventId:N}");
            },
            handled => handled is not null,
            Delivery,
            "the release handled");

        // Redelivered once handled, as the relay may after a crash: the marker drops it. (A copy arriving in the same
        // batch as the first is dropped by MassTransit's batching before the consumer sees it.)
        await system.Bus.Publish(released, context => context.MessageId = released.EventId);
        await Eventually.Until(
            () => Task.FromResult(PlatformMetrics.MessagesConsumed.WithLabels("adoption", nameof(Contract.ModelReleased), "duplicate").Value),
            value => value > duplicates,
            Delivery,
            "the duplicate dropped");
        var model = await Eventually.Until(
            async () =>
            {
                await using var session = system.Store.QuerySession();
                return await session.LoadAsync<CatalogModel>(modelId);
            },
            m => m is { CardVersion: 2, AccessVersion: 3, RetiredOn: not null },
            Delivery,
            "every part of the model in the replica");

        Assert.Equal("US", model!.Bloc);
        Assert.Equal(["US"], model.OriginCountries);
        Assert.True(model.OpenWeights);
        Assert.Equal("yes", model.FreeAccess);
        Assert.Equal(new DateOnly(2025, 6, 1), model.RetiredOn);
    }

    [Fact]
    public async Task The_reference_files_link_the_products_of_the_adoption_data_to_their_blocs()
    {
        using var releases = new StringContent(ReferenceData.Read("releases.csv"), Encoding.UTF8, "text/csv");
        (await system.ReleasesClient.PostAsync("/imports", releases)).EnsureSuccessStatusCode();
        using var adoption = new StringContent(ReferenceData.Read("adoption.csv"), Encoding.UTF8, "text/csv");
        (await system.Client.PostAsync("/imports", adoption)).EnsureSuccessStatusCode();

        var china = await Eventually.Until(
            () => system.Client.GetFromJsonAsync<JsonElement>("/share-by-bloc?metric=monthly-active-users&region=CN&asOf=2025-02-01"),
            s => s.GetProperty("blocs").EnumerateArray().Any(b => b.GetProperty("bloc").GetString() == "China" && b.GetProperty("subjects").GetArrayLength() == 3),
            Delivery,
            "Doubao, DeepSeek and ERNIE Bot linked to China");
        Assert.Equal(100.0, Assert.Single(china.GetProperty("blocs").EnumerateArray()).GetProperty("share").GetDouble());

        var chatGpt = (await LinkedSubjectAsync("chatgpt", "organization")).GetProperty("subject").GetProperty("link");
        Assert.Equal("US", chatGpt.GetProperty("bloc").GetString());
        var gemini = (await LinkedSubjectAsync("gemini-app", "model")).GetProperty("subject").GetProperty("link");
        Assert.Equal("google-deepmind", gemini.GetProperty("organization").GetProperty("id").GetString());
        var meta = (await LinkedSubjectAsync("meta-ai", "organization")).GetProperty("subject").GetProperty("link");
        Assert.Equal("US", meta.GetProperty("bloc").GetString());
        var generative = await SubjectAsync("generative-ai");
        Assert.Equal("aggregate", generative.GetProperty("subject").GetProperty("link").GetProperty("kind").GetString());
    }
}
