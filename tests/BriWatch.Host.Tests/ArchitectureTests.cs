using System.Reflection;
using BriWatch.Alerting;
using BriWatch.Api;
using BriWatch.Classifier;
using BriWatch.Contracts;
using BriWatch.Crawler;
using BriWatch.Matching;
using BriWatch.ServiceDefaults;
using BriWatch.Storage;
using Mono.Cecil;

namespace BriWatch.Host.Tests;

/// <summary>
/// Pins what may import what (the host references every assembly, so the rules are checked here): project rules on the
/// assemblies' references, folder rules on the types each namespace's compiled code uses.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Application = "BriWatch.";

    private static readonly Assembly[] Services =
    [
        typeof(CrawlerServiceExtensions).Assembly,
        typeof(ClassifierServiceExtensions).Assembly,
        typeof(AlertingServiceExtensions).Assembly,
        typeof(ApiServiceExtensions).Assembly,
    ];

    private static readonly Assembly[] Shared =
    [
        typeof(ArticleClassified).Assembly,
        typeof(StorageServiceCollectionExtensions).Assembly,
        typeof(MatchDocument).Assembly,
        typeof(HostingExtensions).Assembly,
    ];

    public static TheoryData<string> ServiceNames => new(Services.Select(s => s.GetName().Name!));

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void A_service_references_only_shared_projects_never_another_service(string service)
    {
        var shared = Shared.Select(s => s.GetName().Name!).ToHashSet(StringComparer.Ordinal);

        var application = ApplicationReferences(Services.Single(s => s.GetName().Name == service));

        Assert.Empty(application.Except(shared));
    }

    [Fact]
    public void ServiceDefaults_references_no_application_project()
    {
        Assert.Empty(ApplicationReferences(typeof(HostingExtensions).Assembly));
    }

    [Fact]
    public void Contracts_reference_no_application_project()
    {
        Assert.Empty(ApplicationReferences(typeof(ArticleClassified).Assembly));
    }

    [Fact]
    public void Matching_references_only_contracts_and_storage_and_shows_its_internals_to_no_service()
    {
        var matching = typeof(MatchDocument).Assembly;

        Assert.Equal(["BriWatch.Contracts", "BriWatch.Storage"], ApplicationReferences(matching).Order(StringComparer.Ordinal));
        var friends = matching.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
        Assert.Equal(["BriWatch.Matching.Tests"], friends);
    }

    [Theory]
    [InlineData("BriWatch.Crawler.Feeds", "BriWatch.Crawler.Cli")]
    [InlineData("BriWatch.Crawler.Extraction", "BriWatch.Crawler.Cli")]
    [InlineData("BriWatch.Crawler.WebSub", "BriWatch.Crawler.Consumers")]
    public void Crawler_folder_does_not_import_the_one_above_it(string folder, string above)
    {
        Assert.DoesNotContain(above, NamespacesUsedBy(typeof(CrawlerServiceExtensions).Assembly, folder));
    }

    [Fact]
    public void Classifier_pipeline_does_not_import_storage()
    {
        var used = NamespacesUsedBy(typeof(ClassifierServiceExtensions).Assembly, "BriWatch.Classifier.Pipeline");

        Assert.DoesNotContain(used, n => n == "BriWatch.Storage" || n.StartsWith("BriWatch.Storage.", StringComparison.Ordinal));
    }

    [Fact]
    public void Namespace_scan_sees_what_a_folder_uses()
    {
        // The rules above hold only if the scan finds real uses: the CLI uses the feed parser, the pipeline stores.
        Assert.Contains("BriWatch.Crawler.Feeds", NamespacesUsedBy(typeof(CrawlerServiceExtensions).Assembly, "BriWatch.Crawler.Cli"));
        Assert.Contains("BriWatch.Storage.Articles", NamespacesUsedBy(typeof(ClassifierServiceExtensions).Assembly, "BriWatch.Classifier.Consumers"));
    }

    private static List<string> ApplicationReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith(Application, StringComparison.Ordinal))];

    /// <summary>
    /// The namespaces of every type the code in <paramref name="namespace"/> (and its compiler-generated types: lambdas,
    /// async state machines) uses: in base types, members, signatures, attributes, locals and instructions. A type of the
    /// same assembly counts as much as one of another.
    /// </summary>
    private static HashSet<string> NamespacesUsedBy(Assembly assembly, string @namespace)
    {
        using var module = ModuleDefinition.ReadModule(assembly.Location);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var types = module.GetTypes().Where(t => TopLevel(t).Namespace == @namespace).ToList();
        Assert.NotEmpty(types);
        foreach (var type in types)
        {
            Use(used, type.BaseType);
            foreach (var face in type.Interfaces)
            {
                Use(used, face.InterfaceType);
            }

            UseAttributes(used, type);
            foreach (var field in type.Fields)
            {
                Use(used, field.FieldType);
                UseAttributes(used, field);
            }

            foreach (var property in type.Properties)
            {
                Use(used, property.PropertyType);
                UseAttributes(used, property);
            }

            foreach (var method in type.Methods)
            {
                UseMethod(used, method);
                UseAttributes(used, method);
                if (!method.HasBody)
                {
                    continue;
                }

                foreach (var local in method.Body.Variables)
                {
                    Use(used, local.VariableType);
                }

                foreach (var instruction in method.Body.Instructions)
                {
                    switch (instruction.Operand)
                    {
                        case TypeReference t:
                            Use(used, t);
                            break;
                        case MethodReference m:
                            Use(used, m.DeclaringType);
                            UseMethod(used, m);
                            break;
                        case FieldReference f:
                            Use(used, f.DeclaringType);
                            Use(used, f.FieldType);
                            break;
                    }
                }
            }
        }

        return used;
    }

    private static void UseMethod(HashSet<string> used, MethodReference method)
    {
        Use(used, method.ReturnType);
        foreach (var parameter in method.Parameters)
        {
            Use(used, parameter.ParameterType);
        }

        if (method is GenericInstanceMethod generic)
        {
            foreach (var argument in generic.GenericArguments)
            {
                Use(used, argument);
            }
        }
    }

    private static void UseAttributes(HashSet<string> used, Mono.Cecil.ICustomAttributeProvider provider)
    {
        foreach (var attribute in provider.CustomAttributes)
        {
            Use(used, attribute.AttributeType);
        }
    }

    private static void Use(HashSet<string> used, TypeReference? type)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Use(used, generic.ElementType);
                foreach (var argument in generic.GenericArguments)
                {
                    Use(used, argument);
                }

                return;
            case TypeSpecification specification:
                // Arrays, by-refs, pointers, modifiers: the type they are made of.
                Use(used, specification.ElementType);
                return;
            default:
                used.Add(TopLevel(type).Namespace);
                return;
        }
    }

    /// <summary>A nested type (a lambda's closure, a state machine) belongs to the namespace of the type it is nested in.</summary>
    private static TypeReference TopLevel(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }
}
