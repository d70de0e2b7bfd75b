using System.Reflection;
using BriWatch.Alerting;
using BriWatch.Api;
using BriWatch.Crawler;
using BriWatch.Host.Tests.Support;
using BriWatch.ServiceDefaults;
using BriWatch.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BriWatch.Host.Tests;

/// <summary>No Docker engine runs here, so the compose file is checked statically: every key must bind to a real option.</summary>
public sealed class ComposeFileTests
{
    private static readonly string[] AppServices = ["crawler", "classifier", "alerting", "api"];

    private static readonly Dictionary<string, Type> OptionSections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bus"] = typeof(BusOptions),
        ["Storage"] = typeof(StorageOptions),
        ["Crawler"] = OptionsType(typeof(CrawlerServiceExtensions).Assembly, "CrawlerOptions"),
        ["Alerting"] = OptionsType(typeof(AlertingServiceExtensions).Assembly, "AlertingOptions"),
        ["Api"] = typeof(ApiOptions),
    };

    private static readonly HashSet<string> ConnectionStrings = new(StringComparer.OrdinalIgnoreCase) { "RabbitMq", "Mongo" };

    private static readonly HashSet<string> PlatformVariables = new(StringComparer.Ordinal)
    {
        "ASPNETCORE_URLS", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME",
    };

    private readonly YamlMappingNode _services;

    public ComposeFileTests()
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Repository.Root, "docker-compose.yml")));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        _services = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["services"];
    }

    [Fact]
    public void Declares_the_infrastructure_and_the_four_services()
    {
        foreach (var name in AppServices.Concat(["rabbitmq", "mongo", "jaeger", "mailpit"]))
        {
            Assert.True(_services.Children.ContainsKey(name), $"service '{name}' is missing");
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
                if (PlatformVariables.Contains(key))
                {
                    continue;
                }

                var path = key.Split("__");
                if (path[0] == "ConnectionStrings")
                {
                    Assert.True(path.Length == 2 && ConnectionStrings.Contains(path[1]), $"{name}: {key} is not a known connection string");
                    continue;
                }

                Assert.True(OptionSections.TryGetValue(path[0], out var type), $"{name}: {key} names no options section");
                AssertBinds(type!, path[1..], value, $"{name}: {key}");
            }
        }
    }

    [Fact]
    public void Ports_and_addresses_line_up()
    {
        var hostPorts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in _services.Children)
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
            AssertReaches(environment["OTEL_EXPORTER_OTLP_ENDPOINT"], "jaeger");
            foreach (var dependency in ((YamlMappingNode)Service(name)["depends_on"]).Children.Keys)
            {
                Assert.True(_services.Children.ContainsKey(dependency), $"{name} depends on unknown service {dependency}");
            }
        }
    }

    private void AssertReaches(string address, string service)
    {
        var uri = new Uri(address);
        Assert.Equal(service, uri.Host);
        var containerPorts = Scalars(Service(service)["ports"]).Select(p => p.Split(':')[^1]);
        Assert.Contains(uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), containerPorts);
    }

    private static void AssertBinds(Type type, string[] path, string value, string what)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        Assert.True(property is not null && property.CanWrite, $"{what}: {type.Name} has no settable property {path[0]}");
        if (path.Length > 1)
        {
            AssertBinds(property!.PropertyType, path[1..], value, what);
            return;
        }

        var target = Nullable.GetUnderlyingType(property!.PropertyType) ?? property.PropertyType;
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(target);
        Assert.True(converter.IsValid(value), $"{what}: '{value}' is not a valid {target.Name}");
    }

    private static Type OptionsType(Assembly assembly, string name) =>
        assembly.GetTypes().Single(t => t.Name == name);

    private YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    private Dictionary<string, string> Environment(string name) =>
        ((YamlMappingNode)Service(name)["environment"]).Children.ToDictionary(e => Scalar(e.Key), e => Scalar(e.Value), StringComparer.Ordinal);

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;

    private static IEnumerable<string> Scalars(YamlNode node) => ((YamlSequenceNode)node).Children.Select(Scalar);
}
