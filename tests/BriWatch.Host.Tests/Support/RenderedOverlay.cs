using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using BriWatch.Testing;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests.Support;

/// <summary>
/// The manifests <c>kubectl kustomize deploy/k8s/overlays/NAME</c> renders, parsed, rendered once per test run.
/// kubectl is required: without it the tests fail, they do not skip (tests/run.sh checks for it).
/// </summary>
internal sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    private RenderedOverlay(string name, IReadOnlyList<YamlMappingNode> resources)
    {
        Name = name;
        Resources = resources;
    }

    public static string OverlaysDirectory { get; } = Path.Combine(Repository.Root, "deploy", "k8s", "overlays");

    public string Name { get; }

    public IReadOnlyList<YamlMappingNode> Resources { get; }

    public static RenderedOverlay Of(string name) => Cache.GetOrAdd(name, n => new Lazy<RenderedOverlay>(() => Render(n))).Value;

    public IEnumerable<YamlMappingNode> OfKind(string kind) => Resources.Where(r => Yaml.Text(r, "kind") == kind);

    public YamlMappingNode? Find(string kind, string name) => OfKind(kind).SingleOrDefault(r => Yaml.Text(r, "metadata", "name") == name);

    private static RenderedOverlay Render(string name)
    {
        var directory = Path.Combine(OverlaysDirectory, name);
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is not installed or not on PATH; the Kubernetes manifests cannot be rendered (tests/run.sh checks for it).", e);
        }

        using (process)
        {
            using var deadline = new CancellationTokenSource(Deadlines.Event);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {errors.GetAwaiter().GetResult()}");
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(output.GetAwaiter().GetResult()));
            return new RenderedOverlay(name, stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList());
        }
    }
}

/// <summary>Small readers over parsed YAML: a missing key gives null or an empty list, never an exception.</summary>
internal static class Yaml
{
    public static YamlNode? Node(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static YamlMappingNode? Map(YamlNode? node, params string[] path) => Node(node, path) as YamlMappingNode;

    public static string? Text(YamlNode? node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(YamlNode? node, params string[] path) =>
        Node(node, path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyDictionary<string, string> Pairs(YamlNode? node, params string[] path) =>
        Map(node, path)?.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (c.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
        ?? new Dictionary<string, string>(StringComparer.Ordinal);
}
