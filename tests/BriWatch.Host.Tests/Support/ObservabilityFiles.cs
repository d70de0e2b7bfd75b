using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests.Support;

/// <summary>The dashboards and alerts as code under <c>deploy/observability</c>, read for the tests.</summary>
internal static partial class ObservabilityFiles
{
    public static string Directory { get; } = Path.Combine(Repository.Root, "deploy", "observability");

    public static string PrometheusDirectory { get; } = Path.Combine(Directory, "prometheus");

    public static string DashboardPath { get; } = Path.Combine(Directory, "grafana", "dashboards", "briwatch.json");

    public static JsonObject Dashboard() => JsonNode.Parse(File.ReadAllText(DashboardPath))!.AsObject();

    /// <summary>Every panel, those inside rows included.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray().Select(p => p!.AsObject()))
        {
            yield return panel;
            foreach (var nested in panel["panels"]?.AsArray().Select(p => p!.AsObject()) ?? [])
            {
                yield return nested;
            }
        }
    }

    public static IReadOnlyList<string> DashboardExpressions() =>
        [.. Panels(Dashboard()).SelectMany(p => p["targets"]?.AsArray() ?? []).Select(t => t!["expr"]!.GetValue<string>())];

    public static IReadOnlyList<(string Alert, string Expression)> AlertRules() =>
        [.. Yaml.Items(Load(Path.Combine(PrometheusDirectory, "alerts.yml")), "groups")
            .SelectMany(g => Yaml.Items(g, "rules"))
            .Select(r => (Yaml.Text(r, "alert") ?? Yaml.Text(r, "record")!, Yaml.Text(r, "expr")!))];

    /// <summary>The BriWatch series an expression reads (<c>briwatch_…</c>, histogram parts such as <c>_bucket</c> included).</summary>
    public static IEnumerable<string> SeriesNames(string expression) => BriWatchSeries().Matches(expression).Select(m => m.Value);

    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"\bbriwatch_[a-z0-9_]+\b")]
    private static partial Regex BriWatchSeries();
}
