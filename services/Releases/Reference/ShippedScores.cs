using System.Globalization;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Reference;

/// <summary>
/// The benchmark scores the service ships, from <c>benchmark-scores.csv</c> (see <c>Data/README.md</c>): published
/// figures for the models of the reference data, each row with its source and confidence. Recorded as events on
/// start by <see cref="ShippedScoreLoader"/>; a broken row is a build defect, so reading the table throws.
/// </summary>
public static class ShippedScores
{
    public static readonly IReadOnlyList<string> Columns = ["model_id", "variant", "benchmark", "score", "measured_on", "source", "confidence", "note"];

    public static IReadOnlyList<RecordBenchmarkScore> All { get; } = Read();

    private static List<RecordBenchmarkScore> Read()
    {
        const string name = "benchmark-scores.csv";
        return [.. CsvRecords.ReadEmbedded(typeof(ShippedScores).Assembly, name, Columns).Select(record => Row(name, record))];
    }

    private static RecordBenchmarkScore Row(string name, CsvRecord record)
    {
        // An unreadable record never gets here: CsvRecords.ReadEmbedded throws on it, naming the file and line.
        InvalidOperationException Broken(string why) => new($"{name}, line {record.Line}: {why}");
        var modelId = Slugs.IsValid(record["model_id"]) ? record["model_id"] : throw Broken($"model_id '{record["model_id"]}' is no catalog id");
        var benchmark = Benchmarks.Read(record["benchmark"]) ?? throw Broken($"benchmark '{record["benchmark"]}' is no label");
        var variant = record["variant"] is not { Length: > 0 } named ? null : Labels.Problem(named) is null ? named : throw Broken($"variant '{named}' is no label");
        var source = record["source"] is { Length: > 0 } stated ? stated : throw Broken("source is empty: every fact needs one");
        var score = decimal.TryParse(record["score"], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var read)
            && Benchmarks.RangeProblem(benchmark, read) is null
                ? read
                : throw Broken($"score '{record["score"]}' is no score of {record["benchmark"]}");
        var measuredOn = DateOnly.TryParseExact(record["measured_on"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw Broken($"measured_on '{record["measured_on"]}' is not a date (yyyy-MM-dd)");
        var confidence = Terms.ReadConfidence(record["confidence"]);
        return new RecordBenchmarkScore(
            modelId, benchmark, variant, score, measuredOn, source, confidence.Kind, confidence.Label, record["note"] is { Length: > 0 } note ? note : null);
    }
}
