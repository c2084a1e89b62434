using Intelligence.Releases.Domain;

namespace Intelligence.Releases.Tests.Domain;

/// <summary>The benchmark vocabulary: known benchmarks by their keys, names and documented aliases, any other kept as other with its label.</summary>
public sealed class BenchmarksTests
{
    [Theory]
    [InlineData("lmarena-text", "lmarena-text")]
    [InlineData("Chatbot Arena", "lmarena-text")]
    [InlineData("LMSYS Chatbot Arena", "lmarena-text")]
    [InlineData("LMArena text (Chatbot Arena)", "lmarena-text")]
    [InlineData("MMLU", "mmlu")]
    [InlineData("MMLU-Pro", "mmlu-pro")]
    [InlineData("GPQA Diamond", "gpqa-diamond")]
    [InlineData("gpqa_diamond", "gpqa-diamond")]
    [InlineData("SWE-bench Verified", "swe-bench-verified")]
    [InlineData("AIME 2024", "aime-2024")]
    [InlineData("AIME24", "aime-2024")]
    public void Known_benchmarks_read_by_key_name_or_alias(string text, string key)
    {
        var benchmark = Benchmarks.Read(text);

        Assert.NotNull(benchmark);
        Assert.Equal(key, benchmark.Key);
        Assert.Equal(key, benchmark.Kind);
        Assert.Null(benchmark.Label);
    }

    [Theory]
    [InlineData("Arena-Hard", "arena-hard")]
    [InlineData("GPQA", "gpqa")]
    [InlineData("LiveCodeBench v5", "livecodebench-v5")]
    public void Any_other_benchmark_is_kept_as_other_with_its_label(string text, string key)
    {
        var benchmark = Benchmarks.Read(text)!;

        Assert.Equal(Benchmarks.Other, benchmark.Kind);
        Assert.Equal(text, benchmark.Label);
        Assert.Equal(key, benchmark.Key);
        Assert.Null(benchmark.Known);
    }

    [Fact]
    public void A_name_with_letters_a_slug_drops_is_another_benchmark_not_the_one_its_latin_letters_spell()
    {
        var chinese = Benchmarks.Read("中文 MMLU")!;
        var other = Benchmarks.Read("日文 MMLU")!;

        Assert.Equal(Benchmarks.Other, chinese.Kind);
        Assert.StartsWith("mmlu-", chinese.Key, StringComparison.Ordinal);
        Assert.NotEqual(chinese.Key, other.Key);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("---")]
    [InlineData("mm\u200Blu")]
    public void Text_that_cannot_be_a_label_names_no_benchmark(string text) => Assert.Null(Benchmarks.Read(text));

    [Fact]
    public void Every_known_benchmark_is_on_a_scale_with_a_name_and_a_unique_key()
    {
        Assert.Equal(Benchmarks.Known.Count, Benchmarks.Known.Select(b => b.Key).Distinct().Count());
        Assert.All(Benchmarks.Known, benchmark =>
        {
            Assert.True(benchmark.Min < benchmark.Max);
            Assert.Same(benchmark, Benchmarks.Read(benchmark.Key)!.Known);
            Assert.Same(benchmark, Benchmarks.Read(benchmark.Name)!.Known);
        });
        Assert.Equal(ScoreUnit.Rating, Benchmarks.Find("lmarena-text")!.Unit);
        Assert.All(Benchmarks.Known.Where(b => b.Key != "lmarena-text"), b => Assert.Equal((ScoreUnit.Percent, 0m, 100m), (b.Unit, b.Min, b.Max)));
    }
}
