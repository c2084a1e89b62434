using Intelligence.Platform.Geography;
using Intelligence.Platform.Import;
using Intelligence.Releases.Domain;
using Intelligence.Releases.Import;
using Intelligence.Releases.Reference;
using Intelligence.TestSupport;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>
/// The shipped score table (<c>services/Releases/Data/benchmark-scores.csv</c>): every row reads, names a model of the
/// reference releases by the id the service makes for it, has a public source and an honest confidence, and no two
/// rows say two things of one model, benchmark and date.
/// </summary>
public sealed class ShippedScoresTests
{
    private static async Task<HashSet<string>> ReferenceModelIdsAsync()
    {
        using var reader = new StreamReader(RepositoryFiles.PathOf("data/releases.csv"));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in CsvRecords.ReadAsync(reader, ReleaseRow.RequiredColumns))
        {
            if (ReleaseRow.Read(record, CountryNames.Default, new DateOnly(2026, 1, 1)).Row is { } row)
            {
                ids.Add(row.Command.ModelId);
            }
        }

        return ids;
    }

    [Fact]
    public async Task Every_shipped_score_is_of_a_model_of_the_reference_releases()
    {
        var ids = await ReferenceModelIdsAsync();

        Assert.True(ShippedScores.All.Count >= 200, $"{ShippedScores.All.Count} scores shipped");
        Assert.All(ShippedScores.All, score => Assert.Contains(score.ModelId, ids));
        Assert.True(ShippedScores.All.Select(score => score.ModelId).Distinct().Count() >= 30, "most reference models have a score");
    }

    [Fact]
    public void Every_shipped_score_has_a_web_source_a_stated_confidence_and_a_known_benchmark()
    {
        Assert.All(ShippedScores.All, score =>
        {
            Assert.StartsWith("https://", score.Source, StringComparison.Ordinal);
            Assert.Contains(score.Confidence, new[] { Confidence.High, Confidence.Medium, Confidence.Low });
            Assert.NotNull(score.Benchmark.Known);
            Assert.Null(Benchmarks.RangeProblem(score.Benchmark, score.Score));
            Assert.True(score.MeasuredOn >= new DateOnly(2023, 1, 1) && score.MeasuredOn <= new DateOnly(2025, 12, 31), $"{score.ModelId} measured {score.MeasuredOn}");
        });
    }

    [Fact]
    public void No_two_shipped_rows_score_one_model_on_one_benchmark_on_one_date()
    {
        var duplicates = ShippedScores.All
            .GroupBy(score => (ScoreHistory.StreamIdOf(score.Benchmark.Key, score.ModelId, score.Variant), score.MeasuredOn))
            .Where(group => group.Count() > 1)
            .Select(group => group.Key)
            .ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void A_release_of_several_models_is_scored_by_the_member_each_score_is_of()
    {
        var claude3 = ShippedScores.All.Where(score => score.ModelId == "claude-3-opus-sonnet-haiku").ToList();

        Assert.All(claude3, score => Assert.NotNull(score.Variant));
        Assert.Contains(claude3, score => score.Variant == "Claude 3 Opus" && score.Benchmark.Key == "mmlu" && score.Score == 86.8m);
        Assert.Contains(claude3, score => score.Variant == "Claude 3 Haiku" && score.Benchmark.Key == "lmarena-text");
    }
}
