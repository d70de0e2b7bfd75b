using System.Globalization;
using System.Reflection;
using BriWatch.Alerting;
using BriWatch.Alerting.Alerts;
using BriWatch.Api;
using BriWatch.Classifier;
using BriWatch.Crawler;
using BriWatch.Host.Tests.Support;
using BriWatch.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests.Deployment;

/// <summary>
/// Every overlay under deploy/k8s/overlays, rendered by <c>kubectl kustomize</c> and checked against the code: each
/// configuration key binds to a real option, ports and probes are the ones Kestrel serves, secrets are referenced and
/// never inlined, and KEDA scales on the queues MassTransit really declares.
/// </summary>
public sealed class KustomizeOverlayTests
{
    private const string ReadyPath = "/health/ready";
    private const string LivePath = "/health/live";

    /// <summary>Each Deployment (by name) and the assembly of the service it runs.</summary>
    private static readonly Dictionary<string, Assembly> ServiceAssemblies = new(StringComparer.Ordinal)
    {
        ["crawler"] = typeof(CrawlerOptions).Assembly,
        ["classifier"] = typeof(ClassifierOptions).Assembly,
        ["alerting"] = typeof(AlertingOptions).Assembly,
        ["api"] = typeof(ApiOptions).Assembly,
    };

    public static TheoryData<string> Overlays { get; } =
        new(Directory.GetDirectories(RenderedOverlay.OverlaysDirectory).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal));

    [Fact]
    public void Ships_a_dev_and_a_production_overlay()
    {
        Assert.Subset(Overlays.Select(row => row.Data).ToHashSet(), new HashSet<string> { "dev", "production" });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Renders_the_four_services_as_Deployments_of_one_container(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);

        Assert.Equal(ServiceAssemblies.Keys.Order(StringComparer.Ordinal), Deployments(rendered).Select(Name).Order(StringComparer.Ordinal));
        foreach (var deployment in Deployments(rendered))
        {
            Assert.Single(Yaml.Items(deployment, "spec", "template", "spec", "containers"));
            Assert.False(string.IsNullOrEmpty(Yaml.Text(Container(deployment), "image")), $"{Name(deployment)} has no image");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_configuration_key_binds_to_a_real_option(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in Deployments(rendered))
        {
            foreach (var setting in Settings(rendered, deployment))
            {
                var problem = ConfigurationKeys.Problem(setting.Key, setting.Value);
                Assert.True(problem is null, $"{overlay}/{Name(deployment)} ({setting.Source}): {problem}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Secrets_are_referenced_by_key_and_never_inlined(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);

        Assert.Empty(rendered.OfKind("Secret"));
        foreach (var deployment in Deployments(rendered))
        {
            Assert.DoesNotContain(Yaml.Items(Container(deployment), "envFrom"), source => Yaml.Node(source, "secretRef") is not null);
            foreach (var setting in Settings(rendered, deployment).Where(s => IsCredential(s.Key)))
            {
                Assert.True(setting.SecretKey is not null, $"{overlay}/{Name(deployment)}: {setting.Key} comes from {setting.Source}, not from a Secret");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_example_secret_names_every_required_key_the_overlay_references_and_no_other(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var references = SecretReferences(rendered).ToList();
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RenderedOverlay.OverlaysDirectory, overlay, "secret.example.yaml"))));
        var example = (YamlMappingNode)stream.Documents.Single().RootNode;

        Assert.Equal("Secret", Yaml.Text(example, "kind"));
        Assert.Equal(references.Select(r => r.Secret).Distinct().Single(), Yaml.Text(example, "metadata", "name"));
        Assert.Equal(Deployments(rendered).Select(d => Yaml.Text(d, "metadata", "namespace")).Distinct().Single(), Yaml.Text(example, "metadata", "namespace"));
        var keys = Yaml.Pairs(example, "stringData").Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var required in references.Where(r => !r.Optional))
        {
            Assert.True(keys.Contains(required.Key), $"{overlay}: secret.example.yaml lacks {required.Key}, which {required.User} needs");
        }

        Assert.Subset(references.Select(r => r.Key).ToHashSet(StringComparer.Ordinal), keys);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Container_ports_probes_and_service_target_ports_are_the_port_Kestrel_listens_on(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var deployment in Deployments(rendered))
        {
            var name = Name(deployment);
            var listenPort = ListenPort(rendered, deployment);
            Assert.True(ContainerPorts(deployment).ContainsValue(listenPort), $"{overlay}/{name}: no container port is {listenPort}, where Kestrel listens");
            AssertProbe(overlay, deployment, "readinessProbe", ReadyPath, listenPort, required: true);
            AssertProbe(overlay, deployment, "livenessProbe", LivePath, listenPort, required: true);
            AssertProbe(overlay, deployment, "startupProbe", LivePath, listenPort, required: false);
        }

        Assert.Contains(rendered.OfKind("Service"), s => Name(s) == "api");
        foreach (var service in rendered.OfKind("Service"))
        {
            var selector = Yaml.Pairs(service, "spec", "selector");
            var selected = Deployments(rendered).Where(d => Selects(selector, PodLabels(d))).ToList();
            Assert.True(selected.Count == 1, $"{overlay}: Service {Name(service)} selects {selected.Count} Deployments");
            var listenPort = ListenPort(rendered, selected[0]);
            foreach (var port in Yaml.Items(service, "spec", "ports"))
            {
                Assert.Equal(listenPort, ResolvePort(selected[0], Yaml.Text(port, "targetPort") ?? Yaml.Text(port, "port")!));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_Deployment_has_requests_limits_and_a_non_root_read_only_security_context(string overlay)
    {
        foreach (var deployment in Deployments(RenderedOverlay.Of(overlay)))
        {
            var what = $"{overlay}/{Name(deployment)}";
            var container = Container(deployment);
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var request = Yaml.Text(container, "resources", "requests", resource);
                var limit = Yaml.Text(container, "resources", "limits", resource);
                Assert.True(request is not null && limit is not null, $"{what}: {resource} needs a request and a limit");
                Assert.True(Quantity(request) <= Quantity(limit), $"{what}: {resource} request {request} exceeds its limit {limit}");
            }

            var pod = Yaml.Map(deployment, "spec", "template", "spec");
            Assert.Equal("true", Yaml.Text(pod, "securityContext", "runAsNonRoot"));
            Assert.True(int.Parse(Yaml.Text(pod, "securityContext", "runAsUser") ?? "0", CultureInfo.InvariantCulture) > 0, $"{what}: runAsUser must be a non-root uid");
            Assert.Equal("true", Yaml.Text(container, "securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", Yaml.Text(container, "securityContext", "allowPrivilegeEscalation"));
            Assert.Contains("ALL", Yaml.Items(container, "securityContext", "capabilities", "drop").Select(n => ((YamlScalarNode)n).Value));

            // A read-only root still needs a writable /tmp: the runtime's diagnostics socket and temporary files.
            var tmp = Yaml.Items(container, "volumeMounts").SingleOrDefault(m => Yaml.Text(m, "mountPath") == "/tmp");
            Assert.True(tmp is not null, $"{what}: /tmp is not mounted");
            var volume = Yaml.Items(pod, "volumes").Single(v => Yaml.Text(v, "name") == Yaml.Text(tmp, "name"));
            Assert.True(Yaml.Node(volume, "emptyDir") is not null, $"{what}: /tmp is not an emptyDir");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_Deployment_has_one_PodDisruptionBudget_that_still_lets_a_node_drain(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        var budgets = rendered.OfKind("PodDisruptionBudget").ToList();
        foreach (var deployment in Deployments(rendered))
        {
            var covering = budgets.Where(b => Selects(Yaml.Pairs(b, "spec", "selector", "matchLabels"), PodLabels(deployment))).ToList();
            Assert.True(covering.Count == 1, $"{overlay}/{Name(deployment)} is covered by {covering.Count} PodDisruptionBudgets");
            var budget = covering[0];
            Assert.NotEmpty(Yaml.Pairs(budget, "spec", "selector", "matchLabels"));
            Assert.Single(Deployments(rendered), d => Selects(Yaml.Pairs(budget, "spec", "selector", "matchLabels"), PodLabels(d)));
            var minAvailable = Yaml.Text(budget, "spec", "minAvailable");
            if (minAvailable is not null && int.TryParse(minAvailable, out var count))
            {
                var replicas = MinimumReplicas(rendered, deployment);
                Assert.True(count < replicas, $"{overlay}/{Name(deployment)}: minAvailable {count} with {replicas} replica(s) blocks every eviction");
            }
            else
            {
                Assert.True(minAvailable is not null || Yaml.Text(budget, "spec", "maxUnavailable") is not null, $"{overlay}: {Name(budget)} sets no budget");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_ScaledObject_scales_an_existing_Deployment_on_a_queue_its_consumers_read(string overlay)
    {
        var rendered = RenderedOverlay.Of(overlay);
        foreach (var scaledObject in rendered.OfKind("ScaledObject"))
        {
            var what = $"{overlay}: ScaledObject {Name(scaledObject)}";
            Assert.Equal("Deployment", Yaml.Text(scaledObject, "spec", "scaleTargetRef", "kind") ?? "Deployment");
            var deployment = rendered.Find("Deployment", Yaml.Text(scaledObject, "spec", "scaleTargetRef", "name") ?? "");
            Assert.True(deployment is not null, $"{what} targets no rendered Deployment");
            var min = int.Parse(Yaml.Text(scaledObject, "spec", "minReplicaCount") ?? "0", CultureInfo.InvariantCulture);
            var max = int.Parse(Yaml.Text(scaledObject, "spec", "maxReplicaCount") ?? "100", CultureInfo.InvariantCulture);
            Assert.True(min >= 1 && min <= max, $"{what}: replicas {min}..{max}");

            // A replica count in the manifest would reset KEDA's on every `kubectl apply`.
            Assert.True(Yaml.Text(deployment, "spec", "replicas") is null, $"{what}: Deployment {Name(deployment)} sets replicas, which KEDA owns");

            var settings = Effective(Settings(rendered, deployment));
            var queues = QueueNames(ServiceAssemblies[Name(deployment)], settings.GetValueOrDefault("Bus__EndpointPrefix")?.Value);
            var rabbitMq = settings["ConnectionStrings__RabbitMq"].SecretKey;
            Assert.NotNull(rabbitMq);
            foreach (var trigger in Yaml.Items(scaledObject, "spec", "triggers"))
            {
                Assert.Equal("rabbitmq", Yaml.Text(trigger, "type"));
                var queue = Yaml.Text(trigger, "metadata", "queueName");
                Assert.True(queue is not null && queues.Contains(queue), $"{what}: queue '{queue}' is not one {Name(deployment)} consumes ({string.Join(", ", queues)})");
                var authentication = rendered.Find("TriggerAuthentication", Yaml.Text(trigger, "authenticationRef", "name") ?? "");
                Assert.True(authentication is not null, $"{what}: its TriggerAuthentication is not rendered");
                var host = Yaml.Items(authentication, "spec", "secretTargetRef").Single(r => Yaml.Text(r, "parameter") == "host");
                Assert.Equal(rabbitMq, (Yaml.Text(host, "name")!, Yaml.Text(host, "key")!));
            }
        }
    }

    [Fact]
    public void Dev_runs_one_replica_of_each_service()
    {
        Assert.All(Deployments(RenderedOverlay.Of("dev")), d => Assert.Equal(1, Replicas(d)));
    }

    [Fact]
    public void Production_runs_two_or_more_replicas_of_images_with_a_pinned_tag()
    {
        var rendered = RenderedOverlay.Of("production");
        foreach (var deployment in Deployments(rendered))
        {
            var replicas = MinimumReplicas(rendered, deployment);
            Assert.True(replicas >= 2, $"production/{Name(deployment)} may run {replicas} replica(s)");
            var image = Yaml.Text(Container(deployment), "image")!;
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.True(tag.Length > 0 && tag != "latest" && !tag.Contains('/', StringComparison.Ordinal), $"production/{Name(deployment)}: image {image} has no pinned tag");
        }
    }

    [Fact]
    public void Production_scales_classifier_and_alerting_with_KEDA_on_the_length_of_their_queues()
    {
        var rendered = RenderedOverlay.Of("production");
        foreach (var service in new[] { "classifier", "alerting" })
        {
            var scaledObject = rendered.OfKind("ScaledObject").SingleOrDefault(s => Yaml.Text(s, "spec", "scaleTargetRef", "name") == service);
            Assert.True(scaledObject is not null, $"production has no ScaledObject for {service}");
            Assert.True(int.Parse(Yaml.Text(scaledObject, "spec", "minReplicaCount") ?? "0", CultureInfo.InvariantCulture) >= 2, $"{service} may scale below two replicas");
            var trigger = Assert.Single(Yaml.Items(scaledObject, "spec", "triggers"));
            Assert.Equal("QueueLength", Yaml.Text(trigger, "metadata", "mode"));
            Assert.Contains(Yaml.Text(trigger, "metadata", "queueName") ?? "", QueueNames(ServiceAssemblies[service], prefix: null));
        }
    }

    /// <summary>A setting reaching the container: a literal (env or ConfigMap) or a Secret's key (value unknown).</summary>
    private sealed record Setting(string Key, string? Value, string Source, (string Secret, string Key)? SecretKey);

    private sealed record SecretReference(string Secret, string Key, bool Optional, string User);

    private static IEnumerable<YamlMappingNode> Deployments(RenderedOverlay rendered) => rendered.OfKind("Deployment");

    private static string Name(YamlNode resource) => Yaml.Text(resource, "metadata", "name")!;

    private static YamlMappingNode Container(YamlNode deployment) => (YamlMappingNode)Yaml.Items(deployment, "spec", "template", "spec", "containers")[0];

    private static IReadOnlyDictionary<string, string> PodLabels(YamlNode deployment) => Yaml.Pairs(deployment, "spec", "template", "metadata", "labels");

    private static int Replicas(YamlNode deployment) => int.Parse(Yaml.Text(deployment, "spec", "replicas") ?? "1", CultureInfo.InvariantCulture);

    /// <summary>The fewest replicas a Deployment runs: its ScaledObject's minimum when KEDA scales it, else its count.</summary>
    private static int MinimumReplicas(RenderedOverlay rendered, YamlNode deployment)
    {
        var scaledObject = rendered.OfKind("ScaledObject").SingleOrDefault(s => Yaml.Text(s, "spec", "scaleTargetRef", "name") == Name(deployment));
        return scaledObject is null
            ? Replicas(deployment)
            : int.Parse(Yaml.Text(scaledObject, "spec", "minReplicaCount") ?? "0", CultureInfo.InvariantCulture);
    }

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    private static bool IsCredential(string key) =>
        key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || new[] { "Password", "Username", "Key", "Secret", "Token" }.Any(word => key.EndsWith(word, StringComparison.Ordinal));

    /// <summary>The container's settings in the order Kubernetes applies them: envFrom first, then env.</summary>
    private static IEnumerable<Setting> Settings(RenderedOverlay rendered, YamlNode deployment)
    {
        var container = Container(deployment);
        foreach (var source in Yaml.Items(container, "envFrom"))
        {
            var configMapName = Yaml.Text(source, "configMapRef", "name");
            if (configMapName is null)
            {
                continue;
            }

            var configMap = rendered.Find("ConfigMap", configMapName);
            Assert.True(configMap is not null, $"{Name(deployment)} reads ConfigMap {configMapName}, which is not rendered");
            foreach (var (key, value) in Yaml.Pairs(configMap, "data"))
            {
                yield return new Setting(key, value, "ConfigMap " + configMapName, null);
            }
        }

        foreach (var variable in Yaml.Items(container, "env"))
        {
            var key = Yaml.Text(variable, "name")!;
            var secretKey = Yaml.Map(variable, "valueFrom", "secretKeyRef");
            var configMapKey = Yaml.Map(variable, "valueFrom", "configMapKeyRef");
            if (secretKey is not null)
            {
                yield return new Setting(key, null, "Secret " + Yaml.Text(secretKey, "name"), (Yaml.Text(secretKey, "name")!, Yaml.Text(secretKey, "key")!));
            }
            else if (configMapKey is not null)
            {
                var configMap = rendered.Find("ConfigMap", Yaml.Text(configMapKey, "name")!);
                var value = Yaml.Text(configMap, "data", Yaml.Text(configMapKey, "key")!);
                Assert.True(value is not null, $"{Name(deployment)}: {key} reads a ConfigMap key that is not rendered");
                yield return new Setting(key, value, "ConfigMap " + Yaml.Text(configMapKey, "name"), null);
            }
            else
            {
                yield return new Setting(key, Yaml.Text(variable, "value") ?? "", "env", null);
            }
        }
    }

    private static Dictionary<string, Setting> Effective(IEnumerable<Setting> settings)
    {
        var effective = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            effective[setting.Key] = setting;
        }

        return effective;
    }

    private static IEnumerable<SecretReference> SecretReferences(RenderedOverlay rendered)
    {
        foreach (var deployment in Deployments(rendered))
        {
            foreach (var variable in Yaml.Items(Container(deployment), "env"))
            {
                if (Yaml.Map(variable, "valueFrom", "secretKeyRef") is { } reference)
                {
                    yield return new SecretReference(Yaml.Text(reference, "name")!, Yaml.Text(reference, "key")!, Yaml.Text(reference, "optional") == "true", Name(deployment));
                }
            }
        }

        foreach (var authentication in rendered.OfKind("TriggerAuthentication"))
        {
            foreach (var reference in Yaml.Items(authentication, "spec", "secretTargetRef"))
            {
                yield return new SecretReference(Yaml.Text(reference, "name")!, Yaml.Text(reference, "key")!, false, "TriggerAuthentication " + Name(authentication));
            }
        }
    }

    private static int ListenPort(RenderedOverlay rendered, YamlNode deployment)
    {
        var urls = Effective(Settings(rendered, deployment)).GetValueOrDefault("ASPNETCORE_URLS")?.Value ?? ServiceDockerfile.AspNetCoreUrls;
        return ServiceDockerfile.ListenPort(urls);
    }

    private static Dictionary<string, int> ContainerPorts(YamlNode deployment) =>
        Yaml.Items(Container(deployment), "ports").ToDictionary(
            p => Yaml.Text(p, "name") ?? Yaml.Text(p, "containerPort")!,
            p => int.Parse(Yaml.Text(p, "containerPort")!, CultureInfo.InvariantCulture),
            StringComparer.Ordinal);

    private static int ResolvePort(YamlNode deployment, string port)
    {
        if (int.TryParse(port, out var number))
        {
            return number;
        }

        Assert.True(ContainerPorts(deployment).TryGetValue(port, out number), $"{Name(deployment)} has no container port named {port}");
        return number;
    }

    private static void AssertProbe(string overlay, YamlNode deployment, string probe, string path, int listenPort, bool required)
    {
        var what = $"{overlay}/{Name(deployment)}: {probe}";
        var httpGet = Yaml.Map(Container(deployment), probe, "httpGet");
        if (httpGet is null)
        {
            Assert.False(required || Yaml.Node(Container(deployment), probe) is not null, $"{what} is missing or not an HTTP GET");
            return;
        }

        Assert.Equal(path, Yaml.Text(httpGet, "path"));
        Assert.True(ResolvePort(deployment, Yaml.Text(httpGet, "port")!) == listenPort, $"{what} calls another port than {listenPort}");
    }

    /// <summary>
    /// The queues a service's consumers receive from: each ConsumerDefinition's endpoint name under the endpoint name
    /// formatter the real bus registration (<see cref="HostingExtensions.AddBusAndScheduler"/>) puts in the container.
    /// </summary>
    private static HashSet<string> QueueNames(Assembly service, string? prefix)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (prefix is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Bus:EndpointPrefix", prefix)]);
        }

        builder.AddBusAndScheduler();
        using var provider = builder.Services.BuildServiceProvider();
        var formatter = provider.GetRequiredService<IEndpointNameFormatter>();
        var queues = service.GetTypes()
            .Where(t => !t.IsAbstract && typeof(IConsumerDefinition).IsAssignableFrom(t))
            .Select(t => ((IConsumerDefinition)Activator.CreateInstance(t)!).GetEndpointName(formatter))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(queues);
        return queues;
    }

    /// <summary>Kubernetes quantities: 250m, 2, 512Mi, 1Gi, 500M.</summary>
    private static double Quantity(string text)
    {
        (string Suffix, double Factor)[] units = [("Ki", 1024d), ("Mi", Math.Pow(1024, 2)), ("Gi", Math.Pow(1024, 3)), ("m", 0.001), ("k", 1e3), ("M", 1e6), ("G", 1e9)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return double.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        return double.Parse(text, CultureInfo.InvariantCulture);
    }
}
