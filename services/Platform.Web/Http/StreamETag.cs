using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.Http;

/// <summary>
/// The HTTP face of optimistic concurrency: a stream's version is its strong ETag (<c>"3"</c>), and a client
/// sends it back in <c>If-Match</c> to say which version its change was made against.
/// </summary>
public static class StreamETag
{
    public static string For(long version) => $"\"{version}\"";

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = For(version);

    /// <summary>The version named by <c>If-Match</c>; <c>null</c> when absent or <c>*</c>. False when unreadable.</summary>
    public static bool TryReadIfMatch(HttpRequest request, out long? version)
    {
        version = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        var unquoted = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (long.TryParse(unquoted.Trim('"'), out var parsed) && parsed >= 0)
        {
            version = parsed;
            return true;
        }

        return false;
    }
}
