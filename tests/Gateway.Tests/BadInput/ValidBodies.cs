using System.Text.Json.Nodes;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// A known-valid JSON body for each command endpoint, by its endpoint name, shaped as the API tests and
/// <see cref="Seed"/> send them: the corpus mutates these, so each item is invalid in one way only. A command
/// endpoint without an example here fails the corpus test, so a new one is not silently skipped.
/// </summary>
internal static class ValidBodies
{
    /// <param name="Required">The properties whose removal the endpoint must refuse, naming them.</param>
    public sealed record Example(JsonObject Body, IReadOnlyList<string> Required);

    private const string Source = "https://example.org/source";

    public static Example? For(string endpointName) => endpointName switch
    {
        "AnnounceModel" => new(
            new JsonObject
            {
                ["id"] = "corpus-model",
                ["name"] = "Corpus Model",
                ["organization"] = new JsonObject { ["id"] = "corpus-lab", ["name"] = "Corpus Lab", ["country"] = "FR" },
                ["originCountries"] = new JsonArray("FR"),
                ["releaseDate"] = "2024-05-01",
                ["openWeights"] = true,
                ["freeAccess"] = "unknown",
                ["modalities"] = new JsonArray("text"),
                ["parameterCount"] = 7_000_000_000,
                ["sourceUrl"] = Source,
            },
            ["id", "name", "organization", "originCountries", "releaseDate", "openWeights", "sourceUrl"]),
        "CorrectModelDetails" => new(
            new JsonObject { ["reason"] = "the name was misspelt", ["sourceUrl"] = Source, ["name"] = "Corpus Model", ["releaseDate"] = "2024-05-02" },
            ["reason", "sourceUrl"]),
        "ChangeModelAccess" => new(
            new JsonObject { ["effectiveOn"] = "2024-06-01", ["openWeights"] = true, ["freeAccess"] = "yes", ["note"] = "weights published", ["sourceUrl"] = Source },
            ["effectiveOn", "sourceUrl"]),
        "RetireModel" => new(
            new JsonObject { ["retiredOn"] = "2024-07-01", ["reason"] = "superseded", ["sourceUrl"] = Source },
            ["retiredOn", "reason", "sourceUrl"]),
        "RecordBenchmarkScore" => new(
            new JsonObject
            {
                ["modelId"] = "corpus-model",
                ["benchmark"] = "lmarena-text",
                ["score"] = 1250,
                ["measuredOn"] = "2024-06-19",
                ["sourceUrl"] = Source,
                ["confidence"] = "high",
                ["variant"] = "Corpus Model Large",
                ["note"] = "leaderboard entry 'Corpus-Model'",
            },
            ["modelId", "benchmark", "score", "measuredOn", "sourceUrl"]),
        "RecordPriceObservation" => new(
            new JsonObject
            {
                ["provider"] = "Corpus Cloud",
                ["providerCountry"] = "FR",
                ["offering"] = "corpus-model",
                ["kind"] = "api",
                ["modelId"] = "corpus-model",
                ["currency"] = "USD",
                ["inputPerMillion"] = 1.5m,
                ["outputPerMillion"] = 3m,
                ["effectiveOn"] = "2024-05-01",
                ["sourceUrl"] = Source,
            },
            ["provider", "providerCountry", "offering", "kind", "modelId", "currency", "inputPerMillion", "outputPerMillion", "effectiveOn", "sourceUrl"]),
        "RecordFxRate" => new(
            new JsonObject { ["currency"] = "EUR", ["effectiveOn"] = "2024-05-01", ["unitsPerUsd"] = 0.92m, ["sourceUrl"] = Source },
            ["currency", "effectiveOn", "unitsPerUsd", "sourceUrl"]),
        "ProposeMeasure" or "RecordPoliticalAgreement" or "AdoptMeasure" or "RecordEntryIntoForce" or "RecordApplicationStage"
            or "SuspendMeasure" or "LiftMeasure" or "RevokeMeasure" => new(LifecycleStep(), ["date", "source", "measure"]),
        "AmendMeasure" => new(LifecycleStep(amendedBy: "corpus-amending-act"), ["date", "source", "measure", "amendedBy"]),
        "ProposeAmendment" => new(With(LifecycleStep(), "proposalId", "corpus-amending-proposal"), ["date", "source", "measure", "proposalId"]),
        "RecordOtherStep" => new(With(LifecycleStep(), "stepLabel", "consultation launched"), ["date", "source", "measure", "stepLabel"]),
        "RecordObservation" => new(
            new JsonObject
            {
                ["id"] = "corpus-observation",
                ["subject"] = new JsonObject { ["name"] = "Corpus App", ["organization"] = new JsonObject { ["id"] = "corpus-lab", ["name"] = "Corpus Lab" } },
                ["metric"] = "monthly-active-users",
                ["region"] = "FR",
                ["value"] = 1_000_000,
                ["observedOn"] = "2024-05-01",
                ["measurementType"] = "third-party-estimate",
                ["source"] = Source,
            },
            ["subject", "metric", "region", "value", "observedOn", "measurementType", "source"]),
        "CorrectObservation" => new(
            new JsonObject { ["reason"] = "the tracker revised it", ["source"] = Source, ["value"] = 1_200_000, ["observedOn"] = "2024-05-01" },
            ["reason", "source"]),
        "RetractObservation" => new(new JsonObject { ["reason"] = "the tracker withdrew it", ["source"] = Source }, ["reason", "source"]),
        "ReplayIntegrationEvents" => new(new JsonObject { ["afterPosition"] = 5 }, ["afterPosition"]),
        _ => null,
    };

    private static JsonObject LifecycleStep(string? amendedBy = null)
    {
        var body = new JsonObject
        {
            ["date"] = "2024-05-01",
            ["source"] = "Official Journal L 123",
            ["measure"] = new JsonObject
            {
                ["title"] = "Corpus Act",
                ["jurisdiction"] = "FR",
                ["type"] = "law",
                ["targets"] = new JsonArray("frontier-models"),
                ["direction"] = "restrictive",
            },
        };
        if (amendedBy is not null)
        {
            body["amendedBy"] = amendedBy;
        }

        return body;
    }

    private static JsonObject With(JsonObject body, string field, string value)
    {
        body[field] = value;
        return body;
    }
}
