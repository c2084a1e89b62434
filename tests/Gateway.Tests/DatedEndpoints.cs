using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.Gateway.Tests;

/// <summary>How a date parameter is written: a day (<c>yyyy-MM-dd</c>) or a month (<c>yyyy-MM</c>).</summary>
internal enum DateForm
{
    Day,
    Month,
}

internal sealed record DateParameter(string Name, DateForm Form, bool InRoute)
{
    public string Write(DateOnly date) => date.ToString(Form == DateForm.Day ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);
}

/// <summary>A GET endpoint of one app (a service, or the gateway's composed read models) that takes dates.</summary>
/// <param name="App">releases, pricing, regulation, adoption or gateway.</param>
/// <param name="Route">The route pattern as mapped.</param>
/// <param name="Resources">The route parameters that name a resource (not a date), each with the resource kind: the literal segment before it.</param>
/// <param name="Others">The handler's other parameters by name (query parameters among them).</param>
internal sealed record DatedEndpoint(
    string App, string Route, IReadOnlyList<DateParameter> Dates, IReadOnlyList<(string Name, string Kind)> Resources, IReadOnlyList<string> Others)
{
    public override string ToString() => $"{App} GET {Route}";

    /// <summary>
    /// The path and query of a request: route parameters filled with <paramref name="dates"/> or the resource of their
    /// kind (<paramref name="resources"/>, else an id nothing has), the other dates as query parameters, and the
    /// values of <paramref name="required"/> for the other parameters the endpoint takes.
    /// </summary>
    public string PathAndQuery(IReadOnlyDictionary<string, string> resources, IReadOnlyDictionary<string, string> required, IReadOnlyList<(string Name, string Value)> dates)
    {
        string ValueOf(string name) => dates.Where(d => d.Name == name).Select(d => d.Value).FirstOrDefault()
            ?? resources.GetValueOrDefault(Resources.Where(r => r.Name == name).Select(r => r.Kind).FirstOrDefault() ?? string.Empty, "no-such-resource");
        var path = DatedEndpoints.FillRoute(Route, name => Uri.EscapeDataString(ValueOf(name)));
        var query = dates.Where(d => !Dates.Any(p => p.InRoute && p.Name == d.Name))
            .Concat(Others.Where(required.ContainsKey).Select(name => (Name: name, Value: required[name])))
            .Select(d => $"{d.Name}={Uri.EscapeDataString(d.Value)}")
            .ToList();
        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }
}

/// <summary>
/// Every GET endpoint of every app of the whole system that takes a date, found in the app's own routing table and
/// OpenAPI document rather than listed by hand, so a date parameter is probed the day it is mapped. A parameter is a
/// date when its handler binds a date type, when the OpenAPI document gives it the format <c>date</c>, or when it is a
/// string the document describes as <c>yyyy-MM-dd</c> or <c>yyyy-MM</c> (the handler parses it itself).
/// </summary>
internal static partial class DatedEndpoints
{
    /// <summary>Names that say "a date": a query parameter so named that is none of the above is reported, not skipped.</summary>
    private static readonly HashSet<string> DateNames = new(["asOf", "from", "to", "on", "date", "since", "until", "day", "month"], StringComparer.OrdinalIgnoreCase);

    private static readonly Type[] DateTypes = [typeof(DateOnly), typeof(DateTime), typeof(DateTimeOffset)];

    /// <returns>The endpoints with their date parameters, and the parameters named like dates whose form could not be told.</returns>
    public static async Task<(IReadOnlyList<DatedEndpoint> Endpoints, IReadOnlyList<string> Undetermined)> DiscoverAsync(string app, IServiceProvider services, HttpClient client)
    {
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var endpoints = new List<DatedEndpoint>();
        var undetermined = new List<string>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // The proxied routes of the gateway have no handler of their own: the services' endpoints are probed directly.
            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler
                || endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") != true)
            {
                continue;
            }

            var route = endpoint.RoutePattern.RawText ?? "/";
            var documented = DocumentedParameters(document, route);
            var dates = new List<DateParameter>();
            var others = new List<string>();
            foreach (var parameter in handler.GetParameters())
            {
                if (parameter.GetCustomAttribute<FromServicesAttribute>() is not null || parameter.Name is null)
                {
                    continue;
                }

                var name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name;
                var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
                var inRoute = endpoint.RoutePattern.GetParameter(name) is not null;
                var doc = documented.GetValueOrDefault(name);
                var form = DateTypes.Contains(type) || doc.Format is "date" or "date-time" ? DateForm.Day
                    : type == typeof(string) ? FormDescribed(doc.Description)
                    : (DateForm?)null;
                if (form is { } known)
                {
                    dates.Add(new DateParameter(name, known, inRoute));
                }
                else if (!inRoute && DateNames.Contains(name))
                {
                    undetermined.Add($"{app} GET {route}: '{name}' is named like a date but is neither typed as one nor described as yyyy-MM-dd or yyyy-MM in the OpenAPI document");
                }
                else if (!inRoute)
                {
                    others.Add(name);
                }
            }

            if (dates.Count > 0)
            {
                var resources = endpoint.RoutePattern.PathSegments
                    .Select((segment, index) => (segment, index))
                    .SelectMany(s => s.segment.Parts.OfType<RoutePatternParameterPart>().Select(part => (part.Name, Kind: KindBefore(endpoint.RoutePattern, s.index))))
                    .Where(p => !dates.Any(d => d.Name.Equals(p.Name, StringComparison.OrdinalIgnoreCase)))
                    .ToList();
                endpoints.Add(new DatedEndpoint(app, route, dates, resources, others));
            }
        }

        return (endpoints, undetermined);
    }

    /// <summary>A string parameter's form from its description: <c>yyyy-MM-dd</c> a day, <c>yyyy-MM</c> alone a month.</summary>
    private static DateForm? FormDescribed(string? description) =>
        description is null ? null
        : description.Contains("yyyy-MM-dd", StringComparison.Ordinal) ? DateForm.Day
        : description.Contains("yyyy-MM", StringComparison.Ordinal) ? DateForm.Month
        : null;

    /// <summary>The resource a route parameter names: the literal segment before it (<c>offerings</c> for <c>/offerings/{id}/price</c>).</summary>
    private static string KindBefore(RoutePattern pattern, int index) =>
        index > 0 && pattern.PathSegments[index - 1].Parts is [RoutePatternLiteralPart literal] ? literal.Content : string.Empty;

    /// <summary>The query and route parameters the OpenAPI document lists for the GET of a route: format and description by name.</summary>
    private static Dictionary<string, (string? Format, string? Description)> DocumentedParameters(JsonElement document, string route)
    {
        var path = FillRoute(route, name => $"{{{name}}}");
        var found = new Dictionary<string, (string?, string?)>(StringComparer.OrdinalIgnoreCase);
        if (!document.GetProperty("paths").TryGetProperty(path, out var item) || !item.TryGetProperty("get", out var get)
            || !get.TryGetProperty("parameters", out var parameters))
        {
            return found;
        }

        foreach (var parameter in parameters.EnumerateArray())
        {
            var format = parameter.TryGetProperty("schema", out var schema) && schema.TryGetProperty("format", out var f) ? f.GetString() : null;
            var description = parameter.TryGetProperty("description", out var d) ? d.GetString() : null;
            found[parameter.GetProperty("name").GetString()!] = (format, description);
        }

        return found;
    }

    /// <summary>The route with each parameter replaced by its value, with a leading slash.</summary>
    public static string FillRoute(string route, Func<string, string> valueOf) =>
        "/" + RouteParameter().Replace(route.TrimStart('/'), match => valueOf(match.Groups["name"].Value));

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
