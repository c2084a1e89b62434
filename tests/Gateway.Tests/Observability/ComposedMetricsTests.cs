using Intelligence.Gateway.Observability;

namespace Intelligence.Gateway.Tests.Observability;

public sealed class ComposedMetricsTests
{
    [Theory]
    [InlineData("GetModelDossier", "model-dossier")]
    [InlineData("GetLandscape", "landscape")]
    [InlineData("GetTimeline", "timeline")]
    [InlineData("GetDisruption", "disruption")]
    public void The_endpoint_label_is_the_endpoint_name_without_its_verb_in_kebab_case(string endpointName, string label) =>
        Assert.Equal(label, ComposedMetrics.EndpointLabel(endpointName));
}
