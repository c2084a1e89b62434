using System.Text.RegularExpressions;
using Intelligence.Contracts;
using Intelligence.Platform.Geography;

namespace Intelligence.Releases.Domain;

/// <summary>A date basis, free access or confidence as read: its kind, and the source's label when the kind is other.</summary>
public sealed record Term<TKind>(TKind Kind, string? Label)
    where TKind : struct, Enum;

/// <summary>Open weights as read: open or not, the source's words when they are neither yes nor no, and whether more than yes or no was said.</summary>
public sealed record OpenWeightsTerm(bool Open, string? Label, bool Qualified);

/// <summary>
/// The documented mappings of the catalog's open vocabularies: how sources state a date's basis, open weights, free
/// access, confidence and modalities, read into the catalog's kinds. This is the one place they live; countries are
/// read through the platform's country names and aliases (<see cref="Origins"/>). A lookup ignores case and
/// punctuation, and every kind is read by its own name too. Words no entry covers are kept as <c>other</c> with the
/// label as the source stated it, never refused: a row lost to a vocabulary is a sourced fact lost. Add an entry only
/// where the meaning is the same.
/// </summary>
public static partial class Terms
{
    /// <summary>Words that date a model's first public appearance, as "announcement" does; a basis naming weights or an API first dates those.</summary>
    private static readonly HashSet<string> AnnouncementWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "announcement", "announced", "launch", "launched", "release", "released", "public release", "experimental release", "preview", "chatgpt release",
    };

    private static readonly IReadOnlyDictionary<string, bool> OpenWeightsWords = Table(new Dictionary<string, bool>
    {
        ["yes"] = true,
        ["y"] = true,
        ["true"] = true,
        ["open"] = true,
        ["open weights"] = true,
        ["no"] = false,
        ["n"] = false,
        ["false"] = false,
        ["closed"] = false,
        ["closed weights"] = false,
    });

    private static readonly IReadOnlyDictionary<string, FreeAccess> FreeAccessWords = WithKinds(new Dictionary<string, FreeAccess>
    {
        [string.Empty] = FreeAccess.Unknown,
        ["free"] = FreeAccess.Yes,
        ["paid"] = FreeAccess.No,
        ["paid only"] = FreeAccess.No,
        ["free with limits"] = FreeAccess.Limited,
        ["free tier"] = FreeAccess.Limited,
        ["freemium"] = FreeAccess.Limited,
        ["n/a"] = FreeAccess.NotApplicable,
        ["na"] = FreeAccess.NotApplicable,
    });

    private static readonly IReadOnlyDictionary<string, Confidence> ConfidenceWords = WithKinds(new Dictionary<string, Confidence>
    {
        ["h"] = Confidence.High,
        ["med"] = Confidence.Medium,
        ["m"] = Confidence.Medium,
        ["l"] = Confidence.Low,
    });

    private static readonly Dictionary<string, string> ModalityWords = Table(new Dictionary<string, string>
    {
        ["text"] = "text",
        ["image"] = "image",
        ["images"] = "image",
        ["audio"] = "audio",
        ["video"] = "video",
        ["videos"] = "video",
        ["code"] = "code",
    });

    /// <summary>
    /// "weights release" and "weights+API release" date the weights; "API+... release" and "...+API release" the
    /// API; "announcement ..." and the words of a first public appearance the announcement; an empty basis is an
    /// announcement, as the API takes it. Any other basis ("technical report") is other, with its label.
    /// </summary>
    public static Term<DateBasis> ReadDateBasis(string text)
    {
        var label = text.Trim();
        var lower = label.ToLowerInvariant();
        if (lower.StartsWith("weights", StringComparison.Ordinal))
        {
            return new(DateBasis.WeightsRelease, null);
        }

        if (lower.StartsWith("api", StringComparison.Ordinal) || lower.Contains("+api release", StringComparison.Ordinal))
        {
            return new(DateBasis.ApiRelease, null);
        }

        var bare = Parenthetical().Replace(lower, " ").Trim();
        return label.Length == 0 || lower.StartsWith("announcement", StringComparison.Ordinal) || AnnouncementWords.Contains(bare)
            ? new(DateBasis.Announcement, null)
            : new(DateBasis.Other, label);
    }

    /// <summary>
    /// "yes", "no" and their documented neighbours; a yes or no followed by more ("no (weights opened later)") is
    /// that answer at release. Other words are kept as other: not counted as open. Null for an empty text.
    /// </summary>
    public static OpenWeightsTerm? ReadOpenWeights(string text)
    {
        var label = text.Trim();
        if (label.Length == 0)
        {
            return null;
        }

        if (TryLookup(OpenWeightsWords, label, out var open))
        {
            return new OpenWeightsTerm(open, null, Qualified: false);
        }

        return FirstWord().Match(label).Value.ToLowerInvariant() switch
        {
            "yes" => new OpenWeightsTerm(true, null, Qualified: true),
            "no" => new OpenWeightsTerm(false, null, Qualified: true),
            _ => new OpenWeightsTerm(false, label, Qualified: false),
        };
    }

    public static Term<FreeAccess> ReadFreeAccess(string text) => Read(FreeAccessWords, text, FreeAccess.Other);

    public static Term<Confidence> ReadConfidence(string text) => Read(ConfidenceWords, text, Confidence.Other);

    /// <summary>A known modality by its name ("images" is image), lower case; any other is kept as the source names it.</summary>
    public static string ReadModality(string text) => TryLookup(ModalityWords, text.Trim(), out var modality) ? modality : text.Trim();

    public static bool IsKnownModality(string modality) => ModalityWords.ContainsKey(modality);

    private static Term<TKind> Read<TKind>(IReadOnlyDictionary<string, TKind> words, string text, TKind other)
        where TKind : struct, Enum
    {
        var label = text.Trim();
        return TryLookup(words, label, out var kind) ? new Term<TKind>(kind, null) : new Term<TKind>(other, label);
    }

    private static bool TryLookup<T>(IReadOnlyDictionary<string, T> words, string label, out T value) =>
        words.TryGetValue(label, out value!) || (Slugs.From(label) is { Length: > 0 } slug && words.TryGetValue(slug, out value!));

    /// <summary>Each kind by its own name ("not-applicable"), then the documented words.</summary>
    private static Dictionary<string, TKind> WithKinds<TKind>(Dictionary<string, TKind> entries)
        where TKind : struct, Enum
    {
        var table = Table(entries);
        foreach (var kind in Enum.GetValues<TKind>().Where(kind => kind.ToString() != "Other"))
        {
            table[KebabCase.Name(kind)] = kind;
        }

        return table;
    }

    /// <summary>Each entry by its text and by its slug, case ignored.</summary>
    private static Dictionary<string, T> Table<T>(Dictionary<string, T> entries)
    {
        var table = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
        foreach (var (word, value) in entries)
        {
            table[word] = value;
            if (Slugs.From(word) is { Length: > 0 } slug)
            {
                table[slug] = value;
            }
        }

        return table;
    }

    [GeneratedRegex(@"\s*\(.*?\)\s*")]
    private static partial Regex Parenthetical();

    [GeneratedRegex(@"^[A-Za-z]+")]
    private static partial Regex FirstWord();
}
