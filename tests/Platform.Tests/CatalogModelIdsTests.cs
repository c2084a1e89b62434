using Intelligence.Platform.Catalogs;

namespace Intelligence.Platform.Tests;

/// <summary>A model listed by its developer, a cloud and a router is one catalog model.</summary>
public sealed class CatalogModelIdsTests
{
    [Theory]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("~anthropic/claude-opus-latest", "claude-opus-latest")]
    [InlineData("global.openai.gpt-5.6-sol", "gpt-5-6-sol")]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620-v1-0")]
    [InlineData("accounts/fireworks/models/deepseek-v3", "deepseek-v3")]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct", "llama-3-3-70b-instruct")]
    [InlineData("gemini-2.5-pro", "gemini-2-5-pro")]
    [InlineData("gpt-4.1", "gpt-4-1")]
    public void A_provider_model_id_names_the_model_without_its_vendor_path_or_cloud_prefixes(string providerModelId, string modelId) =>
        Assert.Equal(modelId, CatalogModelIds.Of(providerModelId));
}
