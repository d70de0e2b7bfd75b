using System.Text.Json.Nodes;
using BriWatch.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests.Deployment;

/// <summary>
/// Dashboards and alerts as code (issue 14): promtool validates and unit-tests the alert rules and the Prometheus
/// configuration; the collector, Prometheus and Grafana files line up with each other and with docker-compose.yml.
/// That the dashboard and the rules read only series the code emits is checked against a real scrape in
/// <c>PrometheusScrapeTests</c>.
/// </summary>
public sealed class ObservabilityConfigTests
{
    [Fact]
    public async Task Alert_rules_pass_promtool_check_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(ObservabilityFiles.PrometheusDirectory, "check", "rules", "alerts.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_rules_fire_and_stay_quiet_as_their_promtool_unit_tests_say()
    {
        var (exitCode, output) = await Promtool.RunAsync(ObservabilityFiles.PrometheusDirectory, "test", "rules", "alerts.test.yml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Prometheus_configuration_passes_promtool_check_config_with_its_rules()
    {
        var (exitCode, output) = await Promtool.RunAsync(ObservabilityFiles.PrometheusDirectory, "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("1 rule files found", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_runbook_section_in_the_operations_guide()
    {
        var operations = File.ReadAllText(Path.Combine(Repository.Root, "docs", "operations.md"));
        var rules = Yaml.Items(ObservabilityFiles.Load(Path.Combine(ObservabilityFiles.PrometheusDirectory, "alerts.yml")), "groups")
            .SelectMany(g => Yaml.Items(g, "rules"));
        foreach (var rule in rules)
        {
            var alert = Yaml.Text(rule, "alert")!;
            Assert.Contains(Yaml.Text(rule, "labels", "severity"), new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(Yaml.Text(rule, "annotations", "summary")), $"{alert} has no summary");
            Assert.Equal("docs/operations.md#" + alert.ToLowerInvariant(), Yaml.Text(rule, "annotations", "runbook"));
            Assert.Contains("### " + alert, operations, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Collector_sends_traces_to_Jaeger_metrics_to_the_endpoint_Prometheus_scrapes_and_handles_logs()
    {
        var collector = ObservabilityFiles.Load(Path.Combine(ObservabilityFiles.Directory, "otel-collector.yaml"));
        var pipelines = Yaml.Map(collector, "service", "pipelines")!;

        Assert.Equal(["otlp/jaeger"], Exporters(pipelines, "traces"));
        Assert.Equal("jaeger:4317", Yaml.Text(collector, "exporters", "otlp/jaeger", "endpoint"));
        Assert.Equal(["prometheus"], Exporters(pipelines, "metrics"));
        Assert.NotEmpty(Exporters(pipelines, "logs"));
        foreach (var pipeline in new[] { "traces", "metrics", "logs" })
        {
            Assert.Equal(["otlp"], Yaml.Items(pipelines, pipeline, "receivers").Select(r => ((YamlScalarNode)r).Value));
        }

        var metricsPort = Yaml.Text(collector, "exporters", "prometheus", "endpoint")!.Split(':')[^1];
        var prometheus = ObservabilityFiles.Load(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.yml"));
        var targets = Yaml.Items(prometheus, "scrape_configs").SelectMany(c => Yaml.Items(c, "static_configs")).SelectMany(s => Yaml.Items(s, "targets"));
        Assert.Contains(targets, t => ((YamlScalarNode)t).Value == $"otel-collector:{metricsPort}");
        Assert.Equal("0.0.0.0:4317", Yaml.Text(collector, "receivers", "otlp", "protocols", "grpc", "endpoint"));
    }

    [Fact]
    public void Compose_runs_the_collector_Prometheus_and_Grafana_on_these_files_and_the_services_export_to_the_collector()
    {
        var services = ComposeServices();

        Assert.Contains("./deploy/observability/otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro", Volumes(services, "otel-collector"));
        Assert.Contains("./deploy/observability/prometheus:/etc/prometheus:ro", Volumes(services, "prometheus"));
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", Yaml.Items(services, "prometheus", "command").Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("./deploy/observability/grafana/provisioning:/etc/grafana/provisioning:ro", Volumes(services, "grafana"));
        Assert.Contains("./deploy/observability/grafana/dashboards:/var/lib/grafana/dashboards:ro", Volumes(services, "grafana"));
        foreach (var name in new[] { "crawler", "classifier", "alerting", "api" })
        {
            Assert.Equal("http://otel-collector:4317", Yaml.Text(services, name, "environment", "OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.NotNull(Yaml.Node(services, name, "depends_on", "otel-collector"));
        }

        // Grafana reads the dashboards where compose mounts them, from the data source the provisioning declares.
        var provider = ObservabilityFiles.Load(Path.Combine(ObservabilityFiles.Directory, "grafana", "provisioning", "dashboards", "briwatch.yaml"));
        Assert.Equal("/var/lib/grafana/dashboards", Yaml.Text(Yaml.Items(provider, "providers").Single(), "options", "path"));
        var source = Yaml.Items(ObservabilityFiles.Load(Path.Combine(ObservabilityFiles.Directory, "grafana", "provisioning", "datasources", "prometheus.yaml")), "datasources").Single();
        Assert.Equal("http://prometheus:9090", Yaml.Text(source, "url"));
        var uid = Yaml.Text(source, "uid");
        var dashboard = ObservabilityFiles.Dashboard();
        foreach (var panel in ObservabilityFiles.Panels(dashboard).Where(p => p["type"]!.GetValue<string>() != "row"))
        {
            Assert.Equal(uid, panel["datasource"]!["uid"]!.GetValue<string>());
            Assert.NotEmpty(panel["targets"]!.AsArray());
        }
    }

    [Fact]
    public void Dashboard_shows_throughput_latency_percentiles_failures_delivery_outcomes_and_backlog()
    {
        var titles = ObservabilityFiles.Panels(ObservabilityFiles.Dashboard()).Select(p => p["title"]!.GetValue<string>()).ToList();
        var expressions = string.Join('\n', ObservabilityFiles.DashboardExpressions());

        Assert.Contains(titles, t => t.StartsWith("Throughput", StringComparison.Ordinal));
        Assert.Contains("histogram_quantile(0.99, sum by (le) (rate(briwatch_alerting_discovered_to_delivered_seconds_bucket", expressions, StringComparison.Ordinal);
        Assert.Contains("briwatch_crawler_fetches_total{outcome!~\"ok|not_modified\"}", expressions, StringComparison.Ordinal);
        Assert.Contains("sum by (outcome, channel) (rate(briwatch_alerting_deliveries_total", expressions, StringComparison.Ordinal);
        Assert.Contains("max(briwatch_alerting_retry_backlog)", expressions, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Exporters(YamlMappingNode pipelines, string pipeline) =>
        Yaml.Items(pipelines, pipeline, "exporters").Select(e => ((YamlScalarNode)e).Value);

    private static IEnumerable<string?> Volumes(YamlMappingNode services, string name) =>
        Yaml.Items(services, name, "volumes").Select(v => ((YamlScalarNode)v).Value);

    private static YamlMappingNode ComposeServices()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml")));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return Yaml.Map(stream.Documents[0].RootNode, "services")!;
    }
}
