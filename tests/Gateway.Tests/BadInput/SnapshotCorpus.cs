using System.Text;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// The bad snapshots for one catalog sync endpoint (<c>POST /sync/{catalog}</c>, a whole catalog in its own JSON
/// format): files that are not JSON, cut short, nested past any catalog, or of another shape are refused whole
/// (<c>400</c>, rule catalog-format, nothing stored); files sent as something other than JSON get <c>415</c>, and
/// one beyond the sync limit <c>413</c>.
/// </summary>
internal static class SnapshotCorpus
{
    private const string Json = "application/json";

    public static IEnumerable<CorpusItem> For(string service, string path, string catalog)
    {
        var pinned = File.ReadAllBytes(RepositoryFiles.PathOf($"data/catalogs/{catalog.Replace('.', '-')}.json"));
        CorpusItem Snapshot(string kind, string detail, byte[] body, int status, string? contentType = Json) =>
            new(service, kind, detail, "POST", path, body, contentType, Status: status);
        byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

        yield return Snapshot("snapshot-malformed", "an empty body", [], 400);
        yield return Snapshot("snapshot-malformed", "an unclosed object", Text("{\"openai\": "), 400);
        yield return Snapshot("snapshot-malformed", "binary garbage", [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) % 251))], 400);
        yield return Snapshot("snapshot-truncated", "the pinned snapshot cut after 4 KiB", pinned[..4096], 400);
        yield return Snapshot("snapshot-truncated", "the pinned snapshot without its last byte", pinned[..^2], 400);
        yield return Snapshot("snapshot-too-deep", "arrays nested 100,000 deep", Text(new string('[', 100_000) + new string(']', 100_000)), 400);
        yield return Snapshot("snapshot-wrong-shape", "the literal null", Text("null"), 400);
        yield return Snapshot("snapshot-wrong-shape", "a string", Text("\"catalog\""), 400);
        yield return catalog == "models.dev"
            ? Snapshot("snapshot-wrong-shape", "an array, not an object of providers", Text("[]"), 400)
            : Snapshot("snapshot-wrong-shape", "an object, not an array of providers", Text("{\"providers\": []}"), 400);
        yield return catalog == "models.dev"
            ? Snapshot("snapshot-wrong-shape", "a provider without models", Text("{\"corpus\": {\"id\": \"corpus\"}}"), 400)
            : Snapshot("snapshot-wrong-shape", "a model without an id", Text("[{\"id\": \"corpus\", \"name\": \"Corpus\", \"models\": [{\"prices\": {}}]}]"), 400);
        yield return Snapshot("wrong-content-type", "no Content-Type", pinned[..4096], 415, contentType: null);
        yield return Snapshot("wrong-content-type", "text/csv", pinned[..4096], 415, contentType: "text/csv");
        yield return Snapshot("wrong-content-type", "text/plain", pinned[..4096], 415, contentType: "text/plain");
        yield return Snapshot("huge-body", $"{CsvCorpus.HugeFileBytes} bytes", CsvCorpus.HugeFile.Value, 413);
    }
}
