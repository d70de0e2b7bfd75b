using System.Globalization;
using BriWatch.Host.Tests.Support;
using BriWatch.ServiceDefaults;

namespace BriWatch.Host.Tests.Operations;

/// <summary>
/// Debian's Prometheus server scrapes the all-in-one host's <c>/metrics</c> during a demo run, and the pipeline's key
/// series reach it with sane values: fetches, classifications, story assignments, deliveries, the discovered → delivered
/// latency, the backlog gauges and the source state gauges.
/// </summary>
public sealed class PrometheusScrapeTests : IAsyncLifetime
{
    private RunningHost host = null!;
    private PrometheusServer prometheus = null!;

    public async ValueTask InitializeAsync()
    {
        host = await RunningHost.StartAsync(demo: true);
        prometheus = await PrometheusServer.StartAsync(host.Api.BaseAddress!, TelemetryExtensions.MetricsPath, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await prometheus.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_endpoint_serves_the_Prometheus_text_format_anonymously()
    {
        using var response = await host.Api.GetAsync(TelemetryExtensions.MetricsPath, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Prometheus_scrapes_the_pipeline_series_of_a_demo_run()
    {
        await UntilPositiveAsync("sum(briwatch_crawler_fetches_total{outcome=\"ok\"})", "successful fetches");
        await UntilPositiveAsync("sum(briwatch_crawler_items_discovered_total)", "items discovered");
        await UntilPositiveAsync("sum(briwatch_classifier_articles_total{relevant=\"true\"})", "relevant articles classified");
        await UntilPositiveAsync("sum(briwatch_classifier_duration_seconds_count)", "classify durations");
        await UntilPositiveAsync("sum(briwatch_classifier_story_assignments_total{outcome=~\"joined|started\"})", "story assignments");
        await UntilPositiveAsync("sum(briwatch_alerting_matches_total)", "matches");
        await UntilPositiveAsync("sum(briwatch_alerting_deliveries_total{outcome=\"delivered\",channel=\"webhook\"})", "webhook deliveries delivered");
        await UntilPositiveAsync("sum(briwatch_alerting_send_duration_seconds_count{channel=\"webhook\"})", "webhook send durations");
        await UntilPositiveAsync("sum(briwatch_alerting_discovered_to_delivered_seconds_count)", "discovered → delivered latencies");

        // Gauges read from the delivery store at every scrape: present, and never negative.
        await UntilAsync("sum(briwatch_alerting_retry_backlog)", v => v >= 0, "the retry backlog gauge");
        await UntilAsync("max(briwatch_alerting_pending_oldest_age_seconds)", v => v >= 0, "the oldest pending age gauge");
        await UntilPositiveAsync("sum(briwatch_crawler_sources_enabled)", "the enabled sources gauge");
        await UntilAsync("sum(briwatch_crawler_sources_stale)", v => v >= 0, "the stale sources gauge");
        await UntilAsync("sum(briwatch_crawler_sources_failing)", v => v >= 0, "the failing sources gauge");
        await UntilAsync("sum(briwatch_outbox_pending)", v => v >= 0, "the outbox pending gauge");
        await UntilAsync("max(briwatch_outbox_pending_oldest_age_seconds)", v => v >= 0, "the outbox oldest pending age gauge");

        var ct = TestContext.Current.CancellationToken;
        var count = await prometheus.QueryScalarAsync("sum(briwatch_alerting_discovered_to_delivered_seconds_count)", ct);
        var total = await prometheus.QueryScalarAsync("sum(briwatch_alerting_discovered_to_delivered_seconds_sum)", ct);
        var mean = total!.Value / count!.Value;
        Assert.InRange(mean, 0, TimeSpan.FromDays(1).TotalSeconds);
        var everyBucket = await prometheus.QueryScalarAsync("sum(briwatch_alerting_discovered_to_delivered_seconds_bucket{le=\"+Inf\"})", ct);
        Assert.True(everyBucket >= count, $"the +Inf bucket ({everyBucket}) holds every latency ({count})");
    }

    [Fact]
    public async Task Dashboard_and_alert_rules_read_only_series_the_host_emits()
    {
        var wanted = ObservabilityFiles.DashboardExpressions()
            .Concat(ObservabilityFiles.AlertRules().Select(r => r.Expression))
            .SelectMany(ObservabilityFiles.SeriesNames)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(wanted.Count >= 15, $"only {wanted.Count} series found in the dashboard and rules");
        var ct = TestContext.Current.CancellationToken;
        IReadOnlySet<string> missing = wanted;
        try
        {
            // Counters appear at their first event of the demo run, gauges at the first scrape: wait for all of them.
            await Eventually.HoldsAsync(
                async () => (missing = MissingFrom(await host.Api.GetStringAsync(TelemetryExtensions.MetricsPath, ct), wanted)).Count == 0,
                Deadlines.Event,
                "the host emits every series the dashboard and the alert rules read");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Assert.Fail($"{e.Message} Never emitted: {string.Join(", ", missing.Order(StringComparer.Ordinal))}");
        }
    }

    /// <summary>The names of <paramref name="wanted"/> that no sample line of the scraped text carries.</summary>
    private static HashSet<string> MissingFrom(string scraped, IReadOnlySet<string> wanted)
    {
        var emitted = scraped.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line[..line.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);
        return [.. wanted.Where(name => !emitted.Contains(name))];
    }

    private Task UntilPositiveAsync(string query, string what) => UntilAsync(query, v => v > 0, what);

    private async Task UntilAsync(string query, Func<double, bool> sane, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        double? last = null;
        try
        {
            await Eventually.HoldsAsync(
                async () => (last = await prometheus.QueryScalarAsync(query, ct)) is { } value && sane(value),
                Deadlines.Event,
                $"Prometheus has {what} ({query})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var scraped = await host.Api.GetStringAsync(TelemetryExtensions.MetricsPath, ct);
            var names = string.Join('\n', scraped.Split('\n').Where(l => l.StartsWith("briwatch", StringComparison.Ordinal)));
            Assert.Fail(string.Create(CultureInfo.InvariantCulture, $"{e.Message} Last value: {last?.ToString() ?? "no series"}.\nHost's briwatch series:\n{names}\nPrometheus log:\n{prometheus.Log}"));
        }
    }
}
