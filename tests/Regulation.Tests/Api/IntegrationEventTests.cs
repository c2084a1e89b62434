using System.Net.Http.Json;
using Intelligence.TestSupport;

namespace Intelligence.Regulation.Tests.Api;

/// <summary>Each lifecycle step reaches the broker as its integration event, as a team binding from outside .NET sees it.</summary>
public sealed class IntegrationEventTests(RegulationService service) : IClassFixture<RegulationService>
{
    [Fact]
    public async Task A_revocation_is_published_to_its_exchange_with_the_measure_facts_and_the_stored_event_id()
    {
        await using var adopted = await BrokerProbe.BindAsync("intelligence.regulation.measure-adopted");
        await using var revoked = await BrokerProbe.BindAsync("intelligence.regulation.measure-revoked");
        var measure = new { title = "AI Diffusion Rule", jurisdiction = "US", type = "export-control", targets = new[] { "chips-and-hardware", "model-weights" }, direction = "restrictive" };

        (await service.Client.PostAsJsonAsync("/measures/us-diffusion-relay/adoption", new { date = "2025-01-13", source = "90 FR 4544", form = "issued", measure })).EnsureSuccessStatusCode();
        (await service.Client.PostAsJsonAsync("/measures/us-diffusion-relay/revocation", new { date = "2025-05-13", source = "BIS press release 2025-05-13", kind = "rescinded" })).EnsureSuccessStatusCode();

        var adoption = await adopted.WaitForAsync(m => m.Message.GetProperty("measureId").GetString() == "us-diffusion-relay", TimeSpan.FromSeconds(30), "MeasureAdopted on the broker");
        var revocation = await revoked.WaitForAsync(m => m.Message.GetProperty("measureId").GetString() == "us-diffusion-relay", TimeSpan.FromSeconds(30), "MeasureRevoked on the broker");
        Assert.Equal("issued", adoption.Message.GetProperty("form").GetString());
        var message = revocation.Message;
        Assert.Equal(revocation.AmqpMessageId, revocation.EnvelopeMessageId);
        Assert.Equal(message.GetProperty("eventId").GetString(), revocation.EnvelopeMessageId);
        Assert.Equal(2, message.GetProperty("streamVersion").GetInt64());
        Assert.Equal("2025-05-13", message.GetProperty("effectiveOn").GetString());
        Assert.Equal("rescinded", message.GetProperty("kind").GetString());
        Assert.Equal(("US", "US", "export-control", "restrictive"), (
            message.GetProperty("jurisdiction").GetString(),
            message.GetProperty("bloc").GetString(),
            message.GetProperty("type").GetString(),
            message.GetProperty("direction").GetString()));
        Assert.Equal(["chips-and-hardware", "model-weights"], message.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("BIS press release 2025-05-13", message.GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_proposed_amendment_is_published_to_its_own_exchange_with_the_proposal_and_the_labels_beside_the_kinds()
    {
        await using var proposed = await BrokerProbe.BindAsync("intelligence.regulation.measure-amendment-proposed");
        var measure = new { title = "Artificial Intelligence Act", jurisdiction = "EU", type = "law", typeLabel = "law (regulation)", targets = new[] { "frontier-models" }, directionLabel = "restrictive" };

        (await service.Client.PostAsJsonAsync("/measures/eu-aiact-relay/entry-into-force", new { date = "2024-08-01", source = "OJ L 2024/1689", measure })).EnsureSuccessStatusCode();
        (await service.Client.PostAsJsonAsync("/measures/eu-aiact-relay/amendment-proposal", new { date = "2025-11-19", source = "COM(2025) 836", stepLabel = "proposed", proposalId = "eu-digital-omnibus-ai", proposalTitle = "Digital Omnibus on AI" })).EnsureSuccessStatusCode();

        var published = await proposed.WaitForAsync(m => m.Message.GetProperty("measureId").GetString() == "eu-aiact-relay", TimeSpan.FromSeconds(30), "MeasureAmendmentProposed on the broker");
        var message = published.Message;
        Assert.Equal(published.AmqpMessageId, published.EnvelopeMessageId);
        Assert.Equal(
            ("2025-11-19", "eu-digital-omnibus-ai", "Digital Omnibus on AI", "proposed"),
            (message.GetProperty("effectiveOn").GetString(), message.GetProperty("proposalId").GetString(), message.GetProperty("proposalTitle").GetString(), message.GetProperty("stepLabel").GetString()));
        Assert.Equal(
            ("law", "law (regulation)", "restrictive", "restrictive"),
            (message.GetProperty("type").GetString(), message.GetProperty("typeLabel").GetString(), message.GetProperty("direction").GetString(), message.GetProperty("directionLabel").GetString()));
    }
}
