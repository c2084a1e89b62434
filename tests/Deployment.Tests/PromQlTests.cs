using System.Text.Json;
using Intelligence.TestSupport;

namespace Intelligence.Deployment.Tests;

/// <summary>PromQl.MetricNames finds the metrics an expression selects and nothing else; PromQl.DashboardExpressions
/// finds every query of a dashboard.</summary>
public sealed class PromQlTests
{
    [Theory]
    [InlineData("up", new[] { "up" })]
    [InlineData("rate(http_requests_received_total[5m])", new[] { "http_requests_received_total" })]
    [InlineData("sum by (job, code) (rate(http_requests_received_total[$__rate_interval]))", new[] { "http_requests_received_total" })]
    [InlineData("sum(rate(a_total[5m])) by (job) / sum without (instance) (rate(b_total[5m]))", new[] { "a_total", "b_total" })]
    [InlineData("SUM BY (job) (x) OR y", new[] { "x", "y" })]
    [InlineData("max by(service)(intelligence_async_daemon_leader) == 0", new[] { "intelligence_async_daemon_leader" })]
    [InlineData("topk(5, count_values(\"version\", build_info))", new[] { "build_info" })]
    [InlineData("quantile(0.9, x) > bool 0.5", new[] { "x" })]
    public void Functions_aggregations_and_their_label_lists_are_no_metrics(string expression, string[] expected) =>
        Assert.Equal(expected, PromQl.MetricNames(expression));

    [Fact]
    public void A_histogram_quantile_selects_the_bucket_series()
    {
        const string Expression = """
            histogram_quantile(0.99, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket{endpoint!~".*import.*|/api/events/stream"}[5m])))
            """;

        Assert.Equal(["http_request_duration_seconds_bucket"], PromQl.MetricNames(Expression));
    }

    [Theory]
    [InlineData("up{job=~\"gateway|releases\", instance!=\"releases_1:5101\"}", new[] { "up" })]
    [InlineData("x{queue=~\".+_error\", vhost='/'} > 0", new[] { "x" })]
    [InlineData("x{a=\"}\", b=`{not_a_metric}`}", new[] { "x" })]
    [InlineData("x{a=\"quote \\\" inside rate(y[5m])\"}", new[] { "x" })]
    [InlineData("{__name__=\"hidden\", job=\"releases\"}", new string[0])]
    [InlineData("x{job=\"$job\", service=~\"${service:regex}\"}", new[] { "x" })]
    [InlineData("label_replace(up, \"dst\", \"$1\", \"src\", \"(not_a_metric.*)\")", new[] { "up" })]
    public void Label_matchers_and_strings_are_skipped_whatever_they_contain(string expression, string[] expected) =>
        Assert.Equal(expected, PromQl.MetricNames(expression));

    [Theory]
    [InlineData("a > 60 or b > 1000", new[] { "a", "b" })]
    [InlineData("a > 0 and changes(b[10m]) == 0 unless c", new[] { "a", "b", "c" })]
    [InlineData("x / on (service) group_left (team) y", new[] { "x", "y" })]
    [InlineData("x * ignoring(code) group_right y", new[] { "x", "y" })]
    [InlineData("atan2(x, y)", new[] { "x", "y" })]
    [InlineData("x atan2 y", new[] { "x", "y" })]
    [InlineData("sum(rate(x_total{code=~\"5..\"}[5m])) / sum(rate(x_total[5m]))", new[] { "x_total" })]
    public void Binary_operators_and_their_modifiers_are_no_metrics(string expression, string[] expected) =>
        Assert.Equal(expected, PromQl.MetricNames(expression));

    [Theory]
    [InlineData("rate(x_total[5m] offset 1h) - rate(x_total[5m] offset -30m)", new[] { "x_total" })]
    [InlineData("x offset 1h30m", new[] { "x" })]
    [InlineData("rate(x[5m] @ end()) + y @ 1609746000", new[] { "x", "y" })]
    [InlineData("max_over_time(rate(x[5m])[1h:1m])", new[] { "x" })]
    [InlineData("x > 1e3 and y < 0x1F or z > .5 or w > 2.5e-3", new[] { "x", "y", "z", "w" })]
    [InlineData("x > Inf or y != NaN", new[] { "x", "y" })]
    [InlineData("# a comment naming not_a_metric\nup", new[] { "up" })]
    [InlineData("", new string[0])]
    public void Numbers_durations_modifiers_and_comments_are_no_metrics(string expression, string[] expected) =>
        Assert.Equal(expected, PromQl.MetricNames(expression));

    [Fact]
    public void Dashboard_expressions_are_every_target_of_every_panel_rows_included()
    {
        using var dashboard = JsonDocument.Parse("""
            {
              "panels": [
                { "type": "row", "title": "open", "panels": [] },
                { "type": "timeseries", "targets": [ { "expr": "up", "refId": "A" }, { "expr": "rate(x_total[5m])", "refId": "B" } ] },
                { "type": "text", "options": { "content": "no queries" } },
                { "type": "row", "title": "collapsed", "collapsed": true, "panels": [
                  { "type": "timeseries", "targets": [ { "expr": "y", "refId": "A" }, { "refId": "B", "datasource": { "type": "loki" } } ] }
                ] }
              ]
            }
            """);

        Assert.Equal(["up", "rate(x_total[5m])", "y"], PromQl.DashboardExpressions(dashboard));
    }

    [Fact]
    public void Dashboard_expressions_of_a_dashboard_without_panels_are_none()
    {
        using var dashboard = JsonDocument.Parse("""{ "title": "empty" }""");

        Assert.Empty(PromQl.DashboardExpressions(dashboard));
    }
}
