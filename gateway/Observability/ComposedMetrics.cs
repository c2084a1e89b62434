using System.Diagnostics;
using Intelligence.Gateway.Composition;

namespace Intelligence.Gateway.Observability;

/// <summary>An answer composed from several services, and the parts it went without.</summary>
public interface IComposedAnswer
{
    IReadOnlyList<DegradedPart> Degraded { get; }
}

/// <summary>Times each composed read model and counts the answers that went without a service's part.</summary>
public static class ComposedMetrics
{
    /// <summary>The endpoint label: the endpoint's name without its verb, in kebab case (<c>GetModelDossier</c> is <c>model-dossier</c>).</summary>
    public static string EndpointLabel(string endpointName)
    {
        var name = endpointName.StartsWith("Get", StringComparison.Ordinal) ? endpointName[3..] : endpointName;
        return string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
    }

    public static RouteGroupBuilder WithComposedMetrics(this RouteGroupBuilder group) => group.AddEndpointFilter(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        var name = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? throw new InvalidOperationException("A composed read model needs a name (.WithName) for its metrics.");
        var endpoint = EndpointLabel(name);
        GatewayMetrics.ComposedDuration.WithLabels(endpoint).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (result is IValueHttpResult { Value: IComposedAnswer answer })
        {
            foreach (var service in answer.Degraded.Select(part => part.Service).Distinct(StringComparer.Ordinal))
            {
                GatewayMetrics.DegradedAnswers.WithLabels(endpoint, service).Inc();
            }
        }

        return result;
    });
}
