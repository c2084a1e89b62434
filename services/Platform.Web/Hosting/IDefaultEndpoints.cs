using Microsoft.AspNetCore.Routing;

namespace Intelligence.Platform;

/// <summary>
/// Endpoints that a host adds to those of <see cref="WebDefaults.MapWebDefaults"/>, registered as a service: so an
/// event-sourced service's feed and admin endpoints come with the web defaults while the web defaults know no store.
/// </summary>
public interface IDefaultEndpoints
{
    void Map(IEndpointRouteBuilder app);
}
