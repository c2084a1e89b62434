using Intelligence.Contracts;

namespace Intelligence.Platform.Catalogs;

/// <summary>
/// The catalog model id a provider's model id names, the same rule for every catalog and service, so a model listed
/// by its developer, a cloud and a router links to one model: the vendor path goes (<c>meta-llama/Llama-3.3-70B</c>,
/// <c>accounts/fireworks/models/deepseek-v3</c>), as do a cloud's region and vendor prefixes
/// (<c>global.openai.gpt-5</c>, <c>anthropic.claude-3-5-sonnet-20240620-v1:0</c>), and the rest is slugged.
/// </summary>
public static class CatalogModelIds
{
    private static readonly HashSet<string> RegionPrefixes = new(StringComparer.OrdinalIgnoreCase) { "global", "regional", "us", "eu", "apac", "jp", "au", "ca" };

    public static string Of(string providerModelId)
    {
        var name = providerModelId.Trim();
        if (name.LastIndexOf('/') is var slash and >= 0)
        {
            name = name[(slash + 1)..];
        }

        // A leading segment without digits, before a dot, is a region or a vendor ("global.", "anthropic."); a segment
        // with digits is the model's own version ("gpt-4.1", "gemini-2.5-pro") and stays.
        while (name.IndexOf('.') is var dot and > 0 && dot < name.Length - 1 && (RegionPrefixes.Contains(name[..dot]) || !name[..dot].Any(char.IsAsciiDigit)))
        {
            name = name[(dot + 1)..];
        }

        return Slugs.From(name);
    }
}
