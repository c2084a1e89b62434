using System.Text.Json;

namespace Intelligence.TestSupport;

/// <summary>
/// What one reliability scenario did and saw, in the figures RELIABILITY.md reports. Counts a scenario does not
/// measure stay null (a bad-input corpus writes no events; a broker outage sends no bad input).
/// </summary>
public sealed record ReliabilityRecord
{
    /// <summary>A short stable name, the file name of the record: <c>broker-outage</c>, <c>bad-input-corpus</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>The fault injected, in a sentence.</summary>
    public required string Fault { get; init; }

    /// <summary>Events accepted with a 2xx (or stored, when the scenario counts the store).</summary>
    public long? EventsWritten { get; init; }

    /// <summary>Of those, how many reached every consumer.</summary>
    public long? EventsDelivered { get; init; }

    /// <summary>Written but never delivered: must be 0.</summary>
    public long? EventsLost { get; init; }

    /// <summary>Extra copies that reached the broker or a consumer (at-least-once delivery).</summary>
    public long? DuplicatesDelivered { get; init; }

    /// <summary>Copies the consumers dropped by message id, so their effects hold each event once.</summary>
    public long? DuplicatesAbsorbed { get; init; }

    public long? BadInputsTried { get; init; }

    /// <summary>Answers with a 5xx status where the rule allows none: must be 0.</summary>
    public long? ServerErrors { get; init; }

    /// <summary>Other figures worth reporting, by name (<c>"503 answers"</c>, <c>"slowest write ms"</c>).</summary>
    public IReadOnlyDictionary<string, string> Observations { get; init; } = new Dictionary<string, string>();

    public double Seconds { get; init; }
}

/// <summary>
/// Writes each scenario's <see cref="ReliabilityRecord"/> to <c>TestResults/reliability/&lt;scenario&gt;.json</c> under the
/// repository root, where <c>infra/reliability-report.py</c> turns the records of a run into RELIABILITY.md.
/// </summary>
public static class ReliabilityLedger
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Folder => Environment.GetEnvironmentVariable("INTEL_RELIABILITY_DIR") is { Length: > 0 } folder
        ? folder
        : RepositoryFiles.PathOf("TestResults/reliability");

    public static void Write(ReliabilityRecord record)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, record.Scenario + ".json"), JsonSerializer.Serialize(record, Options));
    }
}
