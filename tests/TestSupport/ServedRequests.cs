using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Intelligence.TestSupport;

/// <summary>
/// Counts the requests one in-process host served, by route template (<c>/models/{id}</c>), from ASP.NET Core's own
/// <c>http.server.request.duration</c> measurements. The services' Prometheus counters cannot tell two instances apart
/// here: prometheus-net's registry is one per process, shared by every host of a test run. ASP.NET Core's meters are
/// created by each host's own <see cref="IMeterFactory"/>, which is the meter's scope, so this listener takes only
/// the measurements of the host it was given.
/// </summary>
public sealed class ServedRequests : IDisposable
{
    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string RequestDuration = "http.server.request.duration";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _byRoute = new(StringComparer.Ordinal);

    public ServedRequests(IServiceProvider host)
    {
        var scope = host.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == HostingMeter && instrument.Name == RequestDuration && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "http.route" && tag.Value is string route)
                {
                    _byRoute.AddOrUpdate(route, 1, (_, count) => count + 1);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Requests served so far on <paramref name="route"/>, a route template as the service maps it.</summary>
    public int Of(string route) => _byRoute.GetValueOrDefault(route);

    public void Dispose() => _listener.Dispose();
}
