using JasperFx;
using JasperFx.Events.Daemon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Intelligence.Platform;

/// <summary>
/// Part of <c>/health/ready</c>: whether the daemon that runs the relay and the asynchronous projections is running
/// here, standing by (another instance holds its lock) or switched off. A paused or stopped shard is Degraded, not
/// Unhealthy: the instance still serves reads and takes writes, so it stays in rotation while an operator looks.
/// </summary>
public sealed class AsyncDaemonHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IProjectionCoordinator>() is not { } coordinator)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Not run on this instance (Marten:DaemonMode is Disabled)."));
        }

        var agents = coordinator.DaemonForMainDatabase().CurrentAgents();
        if (agents.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Standing by: other instances run the relay and the projections."));
        }

        var notRunning = agents.Where(agent => agent.Status != AgentStatus.Running).Select(agent => $"{agent.Name} is {agent.Status}").ToList();
        return Task.FromResult(notRunning.Count == 0
            ? HealthCheckResult.Healthy($"Running {agents.Count} shard(s) here.")
            : HealthCheckResult.Degraded(string.Join("; ", notRunning)));
    }
}
