using BriWatch.Host.Tests.Support;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests;

/// <summary>No Docker engine runs here, so the compose file is checked statically: every key must bind to a real option.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] AppServices = ["crawler", "classifier", "alerting", "api"];

    private readonly YamlMappingNode services;

    public ComposeFileTests()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml")));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    [Fact]
    public void Declares_the_infrastructure_and_the_four_services()
    {
        foreach (var name in AppServices.Concat(["rabbitmq", "mongo", "jaeger", "mailpit", "otel-collector", "prometheus", "grafana"]))
        {
            Assert.True(services.Children.ContainsKey(name), $"service '{name}' is missing");
        }

        Assert.Contains("--replSet", Scalars(Service("mongo")["command"]));
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
                    Assert.True(hostPorts.Add(mapping.Split(':')[0]), $"host port of '{mapping}' is published twice");
                }
            }
        }

        foreach (var name in AppServices)
        {
            var environment = Environment(name);
            var listenPort = new Uri(environment["ASPNETCORE_URLS"].Replace("+", "localhost", StringComparison.Ordinal)).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(Scalars(Service(name)["ports"]), p => p.EndsWith(":" + listenPort, StringComparison.Ordinal));
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

    private void AssertReaches(string address, string service)
    {
        var uri = new Uri(address);
        Assert.Equal(service, uri.Host);
        var containerPorts = Scalars(Service(service)["ports"]).Select(p => p.Split(':')[^1]);
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
}
