using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Intelligence.Platform.Http;

/// <summary>The rules behind the answers ASP.NET Core gives by itself, before any endpoint of ours runs.</summary>
internal static class FrameworkProblems
{
    /// <summary>The rule and a detail for a status the framework answered; a rule made from the reason phrase for any other.</summary>
    public static (string Rule, string? Detail) Describe(int? status) => status switch
    {
        StatusCodes.Status404NotFound => ("route-exists", "No endpoint answers this path; the OpenAPI document lists them."),
        StatusCodes.Status405MethodNotAllowed => ("method-allowed", "This path does not take this method; the OpenAPI document lists what it takes."),
        StatusCodes.Status413PayloadTooLarge => ("body-size-limit", Problems.BodyTooLargeDetail),
        StatusCodes.Status415UnsupportedMediaType => ("json-content-type", "This endpoint takes a JSON body: send it with Content-Type: application/json."),
        { } other when ReasonPhrases.GetReasonPhrase(other) is { Length: > 0 } phrase =>
            (JsonNamingPolicy.KebabCaseLower.ConvertName(phrase.Replace(" ", string.Empty, StringComparison.Ordinal)), null),
        _ => ("unexpected", null),
    };
}
