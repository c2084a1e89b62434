using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Intelligence.Platform.Tracing;
using Intelligence.TestSupport;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Intelligence.EndToEnd.Tests;

/// <summary>
/// One write, one trace: the caller's trace context runs through the gateway, the service, its store, the relay's
/// publish and every consumer's handling, and reaches an outside consumer in the message's headers.
/// </summary>
public sealed class OneTraceTests(TracedSystem system, ITestOutputHelper output) : IClassFixture<TracedSystem>
{
    private const string ModelReleasedExchange = "intelligence.releases.model-released";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_model_posted_through_the_gateway_is_one_trace_from_the_request_to_each_consumer()
    {
        var id = $"traced-{Guid.NewGuid():N}"[..22];
        // The caller's own span: the trace is the caller's, as it would be for a traced client of the API.
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).SetParentId(
            ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var trace = caller.TraceId;
        await using var probe = await BrokerProbe.BindAsync(ModelReleasedExchange);

        var created = await system.ThroughGateway.PostAsJsonAsync("/api/releases/models", Announcements.Of(id));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var gatewayPort = system.Gateway.BaseAddress.Port;
        var releasesPort = system.Releases.BaseAddress.Port;
        var spans = await Eventually.Until(
            () => Task.FromResult(system.Spans.Of(trace)),
            found => Handling(found, "pricing") is not null && Handling(found, "adoption") is not null
                && ServerSpan(found, gatewayPort) is not null && ServerSpan(found, releasesPort) is not null,
            Timeout,
            $"the gateway's, the service's and both consumers' spans of trace {trace}").ContinueWith(
                waited => waited.IsCompletedSuccessfully
                    ? waited.Result
                    : throw new TimeoutException(
                        $"{waited.Exception?.InnerException?.Message} Its spans: {Describe(system.Spans.Of(trace))}. Server spans of any trace: {Describe(system.Spans.Where(span => span.Kind == ActivityKind.Server).DistinctBy(span => span.SpanId).Take(10))}",
                        waited.Exception),
                TaskScheduler.Default);
        output.WriteLine(Describe(spans));

        var byId = spans.ToDictionary(span => span.SpanId);
        var gateway = ServerSpan(spans, gatewayPort)!;
        var service = ServerSpan(spans, releasesPort)!;
        var relay = Assert.Single(spans, span => span.Source.Name == "Intelligence" && span.DisplayName == "relay ModelReleased");
        var pricing = Handling(spans, "pricing")!;
        var adoption = Handling(spans, "adoption")!;

        Assert.Equal(caller.SpanId, Ancestors(gateway, byId).DefaultIfEmpty(gateway).Last().ParentSpanId);
        Assert.Contains(gateway, Ancestors(service, byId));
        Assert.Contains(spans, span => span.Source.Name == "System.Net.Http" && Ancestors(service, byId).Contains(span));
        Assert.Contains(spans, span => span.Source.Name == "Npgsql" && Ancestors(span, byId).Contains(service));
        Assert.Contains(spans, span => span.Source.Name == "Marten" && Ancestors(span, byId).Contains(service));
        Assert.Contains(service, Ancestors(relay, byId));
        Assert.Contains(spans, span => span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Producer && Ancestors(span, byId).Contains(relay));
        Assert.Contains(relay, Ancestors(pricing, byId));
        Assert.Contains(relay, Ancestors(adoption, byId));

        // The stored event keeps the context the relay carried on, with the other metadata Marten keeps.
        await using (var session = system.Releases.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            var stored = Assert.Single(await session.Events.FetchStreamAsync(id));
            var kept = stored.GetHeader(TraceContext.ParentHeader)?.ToString();
            Assert.True(ActivityContext.TryParse(kept, null, out var storedContext), $"The stored event's '{kept}' is not a W3C traceparent.");
            Assert.Equal(trace, storedContext.TraceId);
            Assert.Equal(relay.ParentSpanId, storedContext.SpanId);
        }

        // A consumer outside .NET continues the same trace from the message's W3C header.
        var delivered = await probe.WaitForAsync(m => m.Message.GetProperty("modelId").GetString() == id, Timeout, $"ModelReleased for {id}");
        var carried = delivered.Envelope.GetProperty("headers").GetProperty("traceparent").GetString()!;
        Assert.True(ActivityContext.TryParse(carried, null, out var context), $"'{carried}' is not a W3C traceparent.");
        Assert.Equal(trace, context.TraceId);
        Assert.Contains(context.SpanId, byId.Keys);
    }

    private static Activity? ServerSpan(IEnumerable<Activity> spans, int port) => spans.FirstOrDefault(span =>
        span.Kind == ActivityKind.Server && span.GetTagItem("server.port") is int served && served == port);

    private static Activity? Handling(IEnumerable<Activity> spans, string service) => spans.FirstOrDefault(span =>
        span.DisplayName == "handle ModelReleased" && (string?)span.GetTagItem("intelligence.service") == service);

    /// <summary>The span's parents as far as this trace's spans go.</summary>
    private static List<Activity> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        var ancestors = new List<Activity>();
        while (byId.TryGetValue(span.ParentSpanId, out var parent) && ancestors.Count < 100)
        {
            ancestors.Add(parent);
            span = parent;
        }

        return ancestors;
    }

    private static string Describe(IEnumerable<Activity> spans) => string.Join(
        "; ",
        spans.OrderBy(span => span.StartTimeUtc).Select(span =>
            $"{span.Source.Name}:{span.DisplayName} [{span.Kind}] {span.SpanId} <- {span.ParentSpanId} port={span.GetTagItem("server.port")} service={span.GetTagItem("intelligence.service")}"));
}
