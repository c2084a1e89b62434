using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Intelligence.Platform.Http;

/// <summary>
/// Collects every broken rule of a request, keyed by the JSON field it concerns, so one answer lists them all.
/// </summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Check(bool holds, string field, string rule)
    {
        if (!holds)
        {
            Add(field, rule);
        }

        return this;
    }

    /// <summary>The paging rules every list endpoint shares: pages count from 1, at most <paramref name="maxPageSize"/> items each.</summary>
    public Validation CheckPaging(int page, int pageSize, int maxPageSize) => this
        .Check(page >= 1, "page", "must be 1 or more")
        .Check(pageSize >= 1 && pageSize <= maxPageSize, "pageSize", $"must be 1 to {maxPageSize}");

    /// <summary>The rule of the lists paged by cursor alone (a <c>Link</c> header to the next): at most <paramref name="maxLimit"/> items a page.</summary>
    public Validation CheckLimit(int limit, int maxLimit) =>
        Check(limit >= 1 && limit <= maxLimit, "limit", $"must be between 1 and {maxLimit}");

    public void Add(string field, string rule)
    {
        if (!_errors.TryGetValue(field, out var rules))
        {
            _errors[field] = rules = [];
        }

        rules.Add(rule);
    }

    /// <summary>The rule every validation problem names, as each other problem names its own.</summary>
    public const string Rule = "validation";

    /// <summary>
    /// A <c>400</c> problem (RFC 9457) whose <c>errors</c> map names each field and its broken rules; <paramref name="extensions"/>
    /// adds members that help correct the request (the values a field may take).
    /// </summary>
    public ValidationProblem ToProblem(IReadOnlyDictionary<string, object?>? extensions = null) => TypedResults.ValidationProblem(
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal),
        title: "The request is not valid.",
        detail: string.Join(" ", _errors.Select(pair => $"{pair.Key}: {string.Join("; ", pair.Value)}.")),
        type: $"https://intelligence.local/problems/{Rule}",
        extensions: new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["rule"] = Rule });
}
