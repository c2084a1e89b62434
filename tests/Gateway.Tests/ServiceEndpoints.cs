using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Gateway.Tests;

/// <summary>
/// Every endpoint a service of the whole system maps, read from its own routing table rather than listed by hand, so
/// a test that walks them checks a new endpoint the day it is mapped.
/// </summary>
internal static partial class ServiceEndpoints
{
    /// <summary>The endpoints that are not open to all (health, metrics and the OpenAPI documents are), with each of their methods.</summary>
    public static IReadOnlyList<(string Method, RouteEndpoint Endpoint)> ProtectedOf(WholeSystem system, string service) =>
    [
        .. ServicesOf(system, service).GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, endpoint))),
    ];

    /// <summary>The route pattern with each parameter filled by <paramref name="value"/> (already escaped for a path).</summary>
    public static string Concrete(RouteEndpoint endpoint, string value = "probe-value") => Concrete(endpoint.RoutePattern.RawText ?? "/", value);

    /// <summary>The route pattern with each parameter left in it filled by <paramref name="value"/>.</summary>
    public static string Concrete(string pattern, string value = "probe-value")
    {
        var path = RouteParameter().Replace(pattern, value);
        return path.StartsWith('/') ? path : "/" + path;
    }

    public static IServiceProvider ServicesOf(WholeSystem system, string service) => service switch
    {
        "releases" => system.Releases.Services,
        "pricing" => system.Pricing.Services,
        "regulation" => system.Regulation.Services,
        "adoption" => system.Adoption.Services,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a service of the system"),
    };

    public static Uri AddressOf(WholeSystem system, string service) => service switch
    {
        "releases" => system.Releases.BaseAddress,
        "pricing" => system.Pricing.BaseAddress,
        "regulation" => system.Regulation.BaseAddress,
        "adoption" => system.Adoption.BaseAddress,
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a service of the system"),
    };

    [GeneratedRegex(@"\{\*{0,2}(?<name>[a-zA-Z]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
