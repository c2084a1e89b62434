using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Intelligence.Platform.Http;

/// <summary>
/// Weak ETags of answers made from data rather than from one stream: the hash of what the answer depends on, the
/// build of the app that wrote it among it (a new build may write the same data differently).
/// </summary>
public static class WeakETag
{
    /// <summary>This app's build, to put in a stamp.</summary>
    public static readonly string Build = Assembly.GetEntryAssembly()?.ManifestModule.ModuleVersionId.ToString() ?? "unknown";

    /// <summary>The weak tag of <paramref name="stamp"/>: <c>W/"</c> and 20 hex digits of its SHA-256.</summary>
    public static string Of(string stamp) => $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(stamp)))[..20]}\"";

    /// <summary>Whether the request's <c>If-None-Match</c> names <paramref name="tag"/> (among others, in one header or several).</summary>
    public static bool IsHeldBy(HttpRequest request, string tag) =>
        request.Headers.IfNoneMatch.Any(match => match is not null && match.Split(',').Any(one => one.Trim() == tag));
}
