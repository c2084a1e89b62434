using System.Net;
using Intelligence.TestSupport;

namespace Intelligence.Gateway.Tests.Security;

/// <summary>
/// Every response of every app carries the security headers, whatever answered it: an API read, a problem, health,
/// metrics, the dashboard's files, a service reached straight. HSTS is sent only over HTTPS, which an app learns from a
/// trusted proxy's X-Forwarded-Proto.
/// </summary>
[Collection(WholeSystemGroup.Name)]
public sealed class SecurityHeaderTests(WholeSystem system)
{
    private static readonly string[] GatewayPaths = ["/", "/main.js", "/api/releases/models?pageSize=1", "/api/landscape", "/api/releases/models/no-such-model", "/health/live", "/metrics"];

    [Fact]
    public async Task Every_answer_of_the_gateway_and_of_a_service_carries_the_security_headers()
    {
        using var reader = system.Gateway.NewClient(TestApiKeys.Reader);
        using var anonymous = system.Gateway.NewClient(apiKey: null);
        using var service = system.Releases.NewClient(TestApiKeys.Reader);

        var answers = new List<(string Where, HttpResponseMessage Answer)>();
        foreach (var path in GatewayPaths)
        {
            answers.Add(($"gateway {path}", await reader.GetAsync(new Uri(path, UriKind.Relative))));
        }

        answers.Add(("gateway without a key", await anonymous.GetAsync(new Uri("/api/landscape", UriKind.Relative))));
        answers.Add(("releases /models", await service.GetAsync(new Uri("/models?pageSize=1", UriKind.Relative))));
        answers.Add(("releases bad parameter", await service.GetAsync(new Uri("/models?pageSize=0", UriKind.Relative))));

        Assert.Contains(answers, answer => answer.Answer.StatusCode == HttpStatusCode.Unauthorized);
        Assert.Contains(answers, answer => answer.Answer.StatusCode == HttpStatusCode.NotFound);
        Assert.All(answers, answer =>
        {
            var headers = answer.Answer.Headers;
            Assert.True(headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{answer.Where}: nosniff");
            Assert.True(headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "no-referrer", $"{answer.Where}: referrer policy");
            Assert.True(headers.TryGetValues("X-Frame-Options", out var frames) && frames.Single() == "DENY", $"{answer.Where}: X-Frame-Options");
            Assert.True(
                headers.TryGetValues("Content-Security-Policy", out var csp) && csp.Single().Contains("frame-ancestors 'none'", StringComparison.Ordinal),
                $"{answer.Where}: frame-ancestors");
            Assert.False(headers.Contains("Strict-Transport-Security"), $"{answer.Where}: HSTS over plain HTTP");
        });

        // The API reference (a page Scalar renders, with an inline script and its fonts) is only kept from frames.
        using (var reference = await anonymous.GetAsync(new Uri("/docs", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
            Assert.Equal("frame-ancestors 'none'", reference.Headers.GetValues("Content-Security-Policy").Single().TrimEnd(';', ' '));
            Assert.Equal("nosniff", reference.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // The dashboard's pages load from the gateway itself; an API answer loads nothing at all.
        Assert.Contains("default-src 'self'", answers[0].Answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", answers[^2].Answer.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        foreach (var (_, answer) in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Over_https_as_a_trusted_proxy_says_the_answer_carries_hsts()
    {
        using var client = system.Gateway.NewClient(TestApiKeys.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "intelligence.example"); // HSTS is never sent to localhost

        using var answer = await client.SendAsync(request);

        // The test client is on loopback, the one proxy trusted by default.
        Assert.Contains("max-age=31536000", answer.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_headers_from_a_peer_that_is_not_a_configured_proxy_are_ignored()
    {
        // The service believes only 10.9.9.9: the test client, on loopback, is no proxy of it.
        await using var database = await TestDatabase.CreateAsync("untrusted_proxy");
        await using var releases = new ServiceHost<Releases.Program>(
            [
                new("ConnectionStrings:Marten", database.ConnectionString),
                .. TestServers.RabbitSettings(),
                .. TestServers.PrivateQueues("untrusted-proxy"),
                new("ForwardedHeaders:KnownProxies:0", "10.9.9.9"),
            ]);
        releases.Start();
        using var client = releases.NewClient(TestApiKeys.Reader);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "intelligence.example");

        using var answer = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(answer.Headers.Contains("Strict-Transport-Security"), "an untrusted peer's X-Forwarded-Proto: https was believed");
        Assert.Equal("nosniff", answer.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
