namespace Intelligence.Pricing.Tests.Api;

/// <summary>Request bodies for the observation endpoint.</summary>
internal static class Observations
{
    public const string Source = "https://example.org/pricing";

    public static Dictionary<string, object?> Api(
        string offering, string modelId, decimal input, decimal output, string effectiveOn, string provider = "Test Cloud", string country = "US", string currency = "USD") => new()
        {
            ["provider"] = provider,
            ["providerCountry"] = country,
            ["offering"] = offering,
            ["kind"] = "api",
            ["modelId"] = modelId,
            ["currency"] = currency,
            ["inputPerMillion"] = input,
            ["outputPerMillion"] = output,
            ["effectiveOn"] = effectiveOn,
            ["sourceUrl"] = Source,
        };

    public static Dictionary<string, object?> Plan(
        string offering, string currency, decimal monthlyFee, string effectiveOn, string provider = "Test Cloud", string country = "US") => new()
        {
            ["provider"] = provider,
            ["providerCountry"] = country,
            ["offering"] = offering,
            ["kind"] = "subscription",
            ["currency"] = currency,
            ["monthlyFee"] = monthlyFee,
            ["effectiveOn"] = effectiveOn,
            ["sourceUrl"] = Source,
        };

    public static Dictionary<string, object?> With(this Dictionary<string, object?> body, string field, object? value)
    {
        var copy = new Dictionary<string, object?>(body) { [field] = value };
        return copy;
    }

    public static string IdOf(string offering, string provider = "Test Cloud") => Pricing.Domain.OfferingId.From(provider, offering);
}
