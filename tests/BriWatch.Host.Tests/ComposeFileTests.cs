using BriWatch.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests;

/// <summary>No Docker engine runs here, so the compose file is checked statically: every key must bind to a real option.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] AppServices = ["crawler", "classifier", "alerting", "api"];

    private readonly string compose = File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml"));

    private readonly YamlMappingNode root;

    private readonly YamlMappingNode services;

    public ComposeFileTests()
    {
        using var reader = new StringReader(compose);
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        root = (YamlMappingNode)stream.Documents[0].RootNode;
        services = (YamlMappingNode)root["services"];
    }

    [Fact]
    public void Declares_the_infrastructure_and_the_four_services()
    {
        foreach (var name in AppServices.Concat(["rabbitmq", "mongo", "jaeger", "mailpit", "otel-collector", "prometheus", "grafana"]))
        {
            Assert.True(services.Children.ContainsKey(name), $"service '{name}' is missing");
        }

        Assert.Contains("--replSet", string.Join(' ', Scalars(Service("mongo")["command"])), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_service_builds_an_existing_project_from_a_Dockerfile_under_deploy()
    {
        foreach (var name in AppServices)
        {
            var build = (YamlMappingNode)Service(name)["build"];
            var dockerfile = Scalar(build["dockerfile"]);
            Assert.StartsWith("deploy/", dockerfile, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(Repository.Root, dockerfile)), $"{dockerfile} is missing");
            var project = Scalar(((YamlMappingNode)build["args"])["PROJECT"]);
            Assert.True(File.Exists(Path.Combine(Repository.Root, "services", project, project + ".csproj")), $"{name}: project {project} does not exist");
        }
    }

    [Fact]
    public void Every_environment_key_binds_to_a_real_option_or_platform_variable()
    {
        foreach (var name in AppServices)
        {
            foreach (var (key, value) in Environment(name))
            {
                var problem = ConfigurationKeys.Problem(key, value);
                Assert.True(problem is null, $"{name}: {problem}");
            }
        }
    }

    [Fact]
    public void Ports_and_addresses_line_up()
    {
        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services.Children)
        {
            if (((YamlMappingNode)service.Value).Children.TryGetValue("ports", out var ports))
            {
                foreach (var mapping in Scalars(ports))
                {
                    Assert.True(hostPorts.Add(mapping[..mapping.LastIndexOf(':')]), $"host port of '{mapping}' is published twice");
                }
            }
        }

        foreach (var name in AppServices)
        {
            var environment = Environment(name);
            var listenPort = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Service(name).Children.TryGetValue("ports", out var published))
            {
                Assert.Contains(Scalars(published), p => p.EndsWith(":" + listenPort, StringComparison.Ordinal));
            }

            AssertReaches(environment["ConnectionStrings__RabbitMq"], "rabbitmq");
            AssertReaches(environment["ConnectionStrings__Mongo"], "mongo");
            AssertReaches(environment["OTEL_EXPORTER_OTLP_ENDPOINT"], "otel-collector");
            foreach (var dependency in ((YamlMappingNode)Service(name)["depends_on"]).Children.Keys)
            {
                Assert.True(services.Children.ContainsKey(dependency), $"{name} depends on unknown service {dependency}");
            }
        }
    }

    [Fact]
    public void Every_service_has_a_healthcheck_on_its_ready_endpoint_with_the_script_the_image_ships()
    {
        var script = ServiceDockerfile.CopyTarget("deploy/healthcheck.sh");
        Assert.NotNull(script);
        foreach (var name in AppServices)
        {
            Assert.True(Service(name).Children.TryGetValue("healthcheck", out var node), $"{name} has no healthcheck");
            var healthcheck = (YamlMappingNode)node;
            var test = Scalars(healthcheck["test"]).ToList();
            Assert.Equal("CMD", test[0]);
            Assert.Contains(script, test);
            Assert.Contains("/health/ready", test);
            foreach (var setting in new[] { "interval", "timeout", "start_period", "retries" })
            {
                Assert.True(healthcheck.Children.ContainsKey(setting), $"{name}: healthcheck has no {setting}");
            }
        }
    }

    [Fact]
    public void Services_wait_for_the_healthy_consumers_of_what_they_publish()
    {
        // A message published before its consumer's queue is bound is dropped by RabbitMQ.
        Assert.Equal("service_healthy", DependencyCondition("crawler", "classifier"));
        Assert.Equal("service_healthy", DependencyCondition("classifier", "alerting"));
        foreach (var name in AppServices)
        {
            foreach (var dependency in ((YamlMappingNode)Service(name)["depends_on"]).Children)
            {
                var condition = Scalar(((YamlMappingNode)dependency.Value)["condition"]);
                if (condition == "service_healthy")
                {
                    Assert.True(Service(Scalar(dependency.Key)).Children.ContainsKey("healthcheck"), $"{name} waits for {dependency.Key} to be healthy, which has no healthcheck");
                }
            }
        }
    }

    [Fact]
    public void The_Dockerfile_declares_a_HEALTHCHECK_running_the_shipped_script_on_the_ready_endpoint()
    {
        var script = ServiceDockerfile.CopyTarget("deploy/healthcheck.sh");
        Assert.NotNull(script);
        var healthcheck = ServiceDockerfile.Healthcheck;
        Assert.Contains("CMD", healthcheck, StringComparison.Ordinal);
        Assert.Contains(script, healthcheck, StringComparison.Ordinal);
        Assert.Contains("/health/ready", healthcheck, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_api_and_the_public_endpoints_are_published_and_management_UIs_listen_on_loopback_only()
    {
        string[] published = ["api", "crawler", "alerting"];
        foreach (var service in services.Children)
        {
            var name = Scalar(service.Key);
            if (!((YamlMappingNode)service.Value).Children.TryGetValue("ports", out var ports))
            {
                continue;
            }

            foreach (var mapping in Scalars(ports))
            {
                Assert.True(
                    published.Contains(name) || mapping.StartsWith("127.0.0.1:", StringComparison.Ordinal),
                    $"{name} publishes {mapping} on every interface; only {string.Join(", ", published)} may, UIs bind to 127.0.0.1");
            }
        }

        foreach (var internalOnly in new[] { "mongo", "classifier" })
        {
            Assert.False(Service(internalOnly).Children.ContainsKey("ports"), $"{internalOnly} must not be published");
        }

        Assert.DoesNotContain(Scalars(Service("rabbitmq")["ports"]), p => p.EndsWith(":5672", StringComparison.Ordinal));
    }

    [Fact]
    public void The_data_stores_are_on_an_internal_network_without_a_route_out()
    {
        var networks = (YamlMappingNode)root["networks"];
        var backend = (YamlMappingNode)networks["backend"];
        Assert.Equal("true", Scalar(backend["internal"]));
        Assert.Equal(["backend"], Scalars(Service("mongo")["networks"]));
        Assert.Equal(["backend"], Scalars(Service("classifier")["networks"]));
        foreach (var service in services.Children)
        {
            Assert.Contains("backend", Scalars(((YamlMappingNode)service.Value)["networks"]));
        }
    }

    [Fact]
    public void MongoDB_requires_authentication_and_RabbitMQ_has_its_own_user_both_from_the_env_file()
    {
        var mongo = Environment("mongo");
        Assert.StartsWith("${MONGO_ROOT_USERNAME:?", mongo["MONGO_INITDB_ROOT_USERNAME"], StringComparison.Ordinal);
        Assert.StartsWith("${MONGO_ROOT_PASSWORD:?", mongo["MONGO_INITDB_ROOT_PASSWORD"], StringComparison.Ordinal);
        Assert.Contains("--keyFile", string.Join(' ', Scalars(Service("mongo")["command"])), StringComparison.Ordinal);
        var init = Scalars(Service("mongo")["volumes"]).Single(v => v.Contains("/docker-entrypoint-initdb.d/", StringComparison.Ordinal));
        var script = File.ReadAllText(Path.Combine(Repository.Root, init.Split(':')[0]));
        Assert.Contains("process.env.MONGO_APP_PASSWORD", script, StringComparison.Ordinal);
        Assert.Contains("readWrite", script, StringComparison.Ordinal);

        var rabbitmq = Environment("rabbitmq");
        Assert.StartsWith("${RABBITMQ_USERNAME:?", rabbitmq["RABBITMQ_DEFAULT_USER"], StringComparison.Ordinal);
        Assert.StartsWith("${RABBITMQ_PASSWORD:?", rabbitmq["RABBITMQ_DEFAULT_PASS"], StringComparison.Ordinal);
        foreach (var name in AppServices)
        {
            var environment = Environment(name);
            Assert.StartsWith("mongodb://${MONGO_APP_USERNAME:?", environment["ConnectionStrings__Mongo"], StringComparison.Ordinal);
            Assert.Contains(":${MONGO_APP_PASSWORD:?", environment["ConnectionStrings__Mongo"], StringComparison.Ordinal);
            Assert.StartsWith("amqp://${RABBITMQ_USERNAME:?", environment["ConnectionStrings__RabbitMq"], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("guest", compose, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_secret_comes_from_an_uncommitted_env_file_that_a_committed_example_lists_and_none_has_a_default()
    {
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(Repository.Root, ".gitignore")));
        var example = File.ReadAllLines(Path.Combine(Repository.Root, ".env.example"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToDictionary(l => l.Split('=', 2)[0], l => l.Split('=', 2)[1], StringComparer.Ordinal);
        var variables = Variables().Matches(compose).Select(m => (Name: m.Groups["name"].Value, Operator: m.Groups["operator"].Value)).ToList();
        Assert.NotEmpty(variables);
        foreach (var (name, op) in variables)
        {
            Assert.True(example.ContainsKey(name), $".env.example does not list {name}, which docker-compose.yml reads");
            if (name.Contains("PASSWORD", StringComparison.Ordinal) || name.Contains("KEY", StringComparison.Ordinal))
            {
                Assert.True(op == ":?", $"{name} must be required (${{{name}:?…}}), never defaulted");
                Assert.True(example[name].Length == 0, $".env.example must leave {name} empty, so nobody runs with a published secret");
            }
        }

        Assert.Equal("${BRIWATCH_UNSUBSCRIBE_KEY:?", Environment("alerting")["Alerting__UnsubscribeSigningKey"][..28]);
    }

    /// <summary>The address names the service, on a port it exposes to the internal network (published or not).</summary>
    private void AssertReaches(string address, string service)
    {
        var uri = new Uri(VariablesFilledIn().Replace(address, "x"));
        Assert.Equal(service, uri.Host);
        var containerPorts = Scalars(Service(service)["expose"])
            .Concat(Service(service).Children.TryGetValue("ports", out var ports) ? Scalars(ports).Select(p => p.Split(':')[^1]) : []);
        Assert.Contains(uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), containerPorts);
    }

    private string DependencyCondition(string service, string dependency)
    {
        var dependsOn = (YamlMappingNode)Service(service)["depends_on"];
        Assert.True(dependsOn.Children.TryGetValue(dependency, out var node), $"{service} does not depend on {dependency}");
        return Scalar(((YamlMappingNode)node)["condition"]);
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)services[name];

    private Dictionary<string, string> Environment(string name) =>
        ((YamlMappingNode)Service(name)["environment"]).Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value), StringComparer.Ordinal);

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    private static IEnumerable<string> Scalars(YamlNode node) => ((YamlSequenceNode)node).Children.Select(Scalar);

    /// <summary>Compose's variables: <c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?error}</c>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(?<operator>:?[-?])?[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex Variables();

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial System.Text.RegularExpressions.Regex VariablesFilledIn();
}
