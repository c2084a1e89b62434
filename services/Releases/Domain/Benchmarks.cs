using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Intelligence.Contracts;
using Intelligence.Platform.Domain;

namespace Intelligence.Releases.Domain;

/// <summary>What a benchmark's scores count: an Elo-style rating, or a percentage of tasks passed.</summary>
public enum ScoreUnit
{
    /// <summary>A rating on a Bradley–Terry (Elo-style) scale: differences mean win rates, not proportions.</summary>
    Rating,

    /// <summary>A share of the benchmark's items, 0 to 100.</summary>
    Percent,
}

/// <summary>A benchmark the catalog knows by name, with the scale its scores are on. Every known benchmark is higher-is-better.</summary>
/// <param name="Key">The benchmark's id: its stream ids and queries use it.</param>
/// <param name="Min">The lowest score the scale allows; a score below it is a typing error.</param>
/// <param name="Max">The highest score the scale allows.</param>
public sealed record Benchmark(string Key, string Name, ScoreUnit Unit, decimal Min, decimal Max, string Measures);

/// <summary>
/// A benchmark as read: a known one, or another the source names (kept as other with its label, never refused).
/// <paramref name="Key"/> is the known benchmark's key, or the key of the label, so that two labels differing only in
/// case or punctuation meet and different ones never do.
/// </summary>
public sealed record BenchmarkName(string Key, Benchmark? Known, string? Label)
{
    /// <summary>The known benchmark's key, or <c>other</c>.</summary>
    public string Kind => Known?.Key ?? Benchmarks.Other;
}

/// <summary>
/// The benchmark vocabulary: the benchmarks the catalog knows, the names sources give them, and the plausible range
/// of each one's scores. Any other name is kept as other with its label; its scores are only required to be numbers
/// within <see cref="OtherLimit"/> either side of zero, as nothing is known of its scale.
/// </summary>
public static class Benchmarks
{
    public const string Other = "other";

    /// <summary>The largest magnitude a score of an other benchmark may have: far beyond any real scale, within decimal's range.</summary>
    public const decimal OtherLimit = 1_000_000_000m;

    public static IReadOnlyList<Benchmark> Known { get; } =
    [
        new("lmarena-text", "LMArena text (Chatbot Arena)", ScoreUnit.Rating, 0, 3000,
            "human preference in blind pairwise battles, as a Bradley–Terry rating; a snapshot of the public leaderboard on a date"),
        new("mmlu", "MMLU", ScoreUnit.Percent, 0, 100, "multiple-choice questions across 57 subjects"),
        new("mmlu-pro", "MMLU-Pro", ScoreUnit.Percent, 0, 100, "harder ten-choice successor of MMLU"),
        new("gpqa-diamond", "GPQA Diamond", ScoreUnit.Percent, 0, 100, "graduate-level science questions, the diamond subset"),
        new("swe-bench-verified", "SWE-bench Verified", ScoreUnit.Percent, 0, 100, "real GitHub issues resolved, the human-verified subset of 500"),
        new("aime-2024", "AIME 2024", ScoreUnit.Percent, 0, 100, "the 2024 American Invitational Mathematics Examination problems"),
        new("aime-2025", "AIME 2025", ScoreUnit.Percent, 0, 100, "the 2025 American Invitational Mathematics Examination problems"),
        new("humaneval", "HumanEval", ScoreUnit.Percent, 0, 100, "Python functions written from their docstrings, pass@1"),
        new("math-500", "MATH-500", ScoreUnit.Percent, 0, 100, "competition mathematics, the 500-problem subset"),
    ];

    /// <summary>Names sources give the known benchmarks, by their slug; each benchmark's key and name are read too.</summary>
    private static readonly FrozenDictionary<string, string> Aliases = BuildAliases(new Dictionary<string, string>
    {
        ["lmarena"] = "lmarena-text",
        ["lmarena text arena"] = "lmarena-text",
        ["chatbot arena"] = "lmarena-text",
        ["chatbot arena elo"] = "lmarena-text",
        ["lmsys chatbot arena"] = "lmarena-text",
        ["lmsys arena"] = "lmarena-text",
        ["arena elo"] = "lmarena-text",
        ["arena score"] = "lmarena-text",
        ["gpqa diamond"] = "gpqa-diamond",
        ["swe bench verified"] = "swe-bench-verified",
        ["swe verified"] = "swe-bench-verified",
        ["aime 24"] = "aime-2024",
        ["aime24"] = "aime-2024",
        ["aime 25"] = "aime-2025",
        ["aime25"] = "aime-2025",
        ["human eval"] = "humaneval",
        ["math500"] = "math-500",
    });

    /// <summary>A known benchmark by its key; null for any other.</summary>
    public static Benchmark? Find(string key) => Known.FirstOrDefault(benchmark => benchmark.Key == key);

    /// <summary>
    /// A benchmark's name as sent or stated: a known benchmark by its key, name or a documented alias (case and
    /// punctuation ignored; a name with letters a slug drops, "中文 MMLU", is another benchmark), else other with the
    /// text as its label. Null when the text cannot be a label (see
    /// <see cref="Labels.Problem"/>).
    /// </summary>
    public static BenchmarkName? Read(string text)
    {
        if (Labels.Problem(text) is not null)
        {
            return null;
        }

        var label = text.Trim();
        var labelKey = KeyOf(label);
        return Aliases.TryGetValue(labelKey, out var key)
            ? new BenchmarkName(key, Find(key), null)
            : new BenchmarkName(labelKey, null, label);
    }

    /// <summary>Why <paramref name="score"/> cannot be a score of <paramref name="benchmark"/>, said so it follows the field's name; null when it can.</summary>
    public static string? RangeProblem(BenchmarkName benchmark, decimal score) => benchmark.Known switch
    {
        { } known when score < known.Min || score > known.Max =>
            $"must be from {known.Min} to {known.Max} on {known.Name}'s scale ({(known.Unit == ScoreUnit.Percent ? "percent" : "a rating")})",
        null when Math.Abs(score) > OtherLimit => $"must be within {OtherLimit:#,0} either side of zero",
        _ => null,
    };

    /// <summary>
    /// The key of a label: its slug ("Arena Hard" is "arena-hard"), and for letters a slug drops (Chinese, Cyrillic) a
    /// short digest of the label, or two such labels would share the empty key. Also keys a release's variant.
    /// </summary>
    public static string KeyOf(string label)
    {
        var trimmed = label.Trim();
        var slug = Slugs.From(trimmed);
        if (!trimmed.Normalize(NormalizationForm.FormD).Any(c => char.IsLetterOrDigit(c) && !char.IsAscii(c)))
        {
            return slug;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(trimmed.ToLowerInvariant().Normalize(NormalizationForm.FormC))))[..10];
        return slug.Length == 0 ? digest : $"{slug}-{digest}";
    }

    private static FrozenDictionary<string, string> BuildAliases(Dictionary<string, string> aliases)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var benchmark in Known)
        {
            table[benchmark.Key] = benchmark.Key;
            table[Slugs.From(benchmark.Name)] = benchmark.Key;
        }

        foreach (var (alias, key) in aliases)
        {
            table[Slugs.From(alias)] = key;
        }

        return table.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
