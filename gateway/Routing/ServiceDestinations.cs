using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Intelligence.Gateway.Routing;

/// <summary>
/// Where the gateway's own calls to a service go (the composed read models' parts, the event feed's pages): read from
/// YARP's live view of the service's cluster, so they spread over its instances and avoid the ones its health checks
/// marked down exactly as proxied requests do, with no second copy of the addresses.
/// </summary>
/// <remarks>
/// The first address is chosen by the cluster's own load-balancing policy (PowerOfTwoChoices in appsettings) among
/// YARP's available destinations. When none is available (every instance marked down, or checks not yet run) it
/// chooses among all configured ones: a health state can lag behind a recovery, and trying beats a certain failure.
/// A second, different address follows, for one retry when the first cannot be reached at all.
/// </remarks>
public sealed class ServiceDestinations(IProxyStateLookup proxy, IEnumerable<ILoadBalancingPolicy> policies, IHttpContextAccessor accessor)
{
    /// <summary>
    /// A call is tried at most this often: once, and once more on a transport failure. Each try is bounded by its
    /// caller's timeout; more tries would only stretch a caller's wait when a whole service is down.
    /// </summary>
    public const int MaxAttempts = 2;

    private readonly Dictionary<string, ILoadBalancingPolicy> _policies =
        policies.ToDictionary(policy => policy.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The base addresses (ending in <c>/</c>) to try for one call to <paramref name="service"/>, in order; empty when it has no destination.</summary>
    public IReadOnlyList<Uri> Attempts(string service)
    {
        if (!proxy.TryGetCluster(service, out var cluster) || cluster.Destinations.IsEmpty)
        {
            return [];
        }

        var all = cluster.Destinations.Values.OrderBy(destination => destination.DestinationId, StringComparer.Ordinal).ToList();
        var available = cluster.DestinationsState?.AvailableDestinations;
        IReadOnlyList<DestinationState> candidates = available is { Count: > 0 } ? available : all;
        var first = Policy(cluster).PickDestination(accessor.HttpContext ?? new DefaultHttpContext(), cluster, candidates) ?? candidates[0];

        // The retry goes to another candidate when there is one, else to an instance marked down (it may be back).
        var others = candidates.Where(destination => destination != first).ToList();
        var second = others.Count > 0
            ? others[Random.Shared.Next(others.Count)]
            : all.FirstOrDefault(destination => destination != first);
        return second is null ? [Address(first)] : [Address(first), Address(second)];
    }

    private ILoadBalancingPolicy Policy(ClusterState cluster) =>
        _policies.TryGetValue(cluster.Model.Config.LoadBalancingPolicy ?? LoadBalancingPolicies.PowerOfTwoChoices, out var policy)
            ? policy
            : _policies[LoadBalancingPolicies.PowerOfTwoChoices];

    private static Uri Address(DestinationState destination)
    {
        var address = destination.Model.Config.Address;
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}

public static class ServiceDestinationsRegistration
{
    /// <summary>Registers <see cref="ServiceDestinations"/> once, whichever feature asks for it first.</summary>
    public static IServiceCollection AddServiceDestinations(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton<ServiceDestinations>();
        return services;
    }
}
