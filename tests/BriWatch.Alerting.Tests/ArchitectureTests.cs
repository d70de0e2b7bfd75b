using Mono.Cecil;
using Mono.Cecil.Cil;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Alerting's layers import only downward, read from the compiled assembly: every type a type uses (signatures,
/// attributes, locals, and the types, methods and fields its IL touches, compiler-generated state machines and closures
/// included) counts as an import of that type's layer.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Root = "BriWatch.Alerting";

    /// <summary>Each layer and the layers it may import besides itself; the composition root (<c>BriWatch.Alerting</c>) may import every layer.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Alerts"] = [],
        ["Channels"] = ["Alerts"],
        ["Dispatch"] = ["Alerts", "Channels"],
        ["Digests"] = ["Alerts", "Channels", "Dispatch"],
        ["EndpointTests"] = ["Alerts", "Channels"],
        ["Matching"] = ["Alerts"],
        ["Consumers"] = ["Alerts", "Channels", "Digests", "Matching"],
    };

    private static readonly Lazy<ModuleDefinition> Module = new(() =>
        ModuleDefinition.ReadModule(typeof(AlertingServiceExtensions).Assembly.Location, new ReaderParameters { InMemory = true }));

    private static readonly Lazy<IReadOnlyList<Import>> Imports = new(ReadImports);

    public static TheoryData<string> Layers => [.. Allowed.Keys];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Layer_imports_only_the_layers_below_it(string layer)
    {
        var forbidden = Imports.Value
            .Where(i => i.FromLayer == layer && i.ToLayer != layer && !Allowed[layer].Contains(i.ToLayer))
            .Select(i => i.ToString())
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(forbidden.Count == 0, $"{layer} may import only {Describe(Allowed[layer])}, but:\n" + string.Join("\n", forbidden));
    }

    [Fact]
    public void Nothing_but_the_composition_root_imports_the_consumers_or_the_root()
    {
        var forbidden = Imports.Value
            .Where(i => i.FromLayer != i.ToLayer && i.FromLayer != "" && i.ToLayer is "Consumers" or "")
            .Select(i => i.ToString())
            .Distinct()
            .ToList();

        Assert.True(forbidden.Count == 0, string.Join("\n", forbidden));
    }

    [Fact]
    public void Channels_do_not_import_each_other()
    {
        var crossing = Imports.Value
            .Where(i => i.FromLayer == "Channels" && i.ToLayer == "Channels" && i.From.Namespace != i.To.Namespace)
            .Select(i => i.ToString())
            .Distinct()
            .ToList();

        Assert.True(crossing.Count == 0, string.Join("\n", crossing));
    }

    [Fact]
    public void Every_alerting_type_is_in_a_known_layer()
    {
        var unplaced = AlertingTypes().Select(t => t.FullName).Where(n => LayerOf(n) is { } layer && layer != "" && !Allowed.ContainsKey(layer)).ToList();

        Assert.True(unplaced.Count == 0, "Place these in a layer (and give the layer its rule here):\n" + string.Join("\n", unplaced));
    }

    [Fact]
    public void The_reader_sees_imports_made_only_inside_method_bodies_and_async_state_machines()
    {
        // The dispatcher sends through the webhook sender from inside an async method: a reader that missed IL or
        // compiler-generated types would find no Dispatch → Channels import and make every rule above pass vacuously.
        Assert.Contains(Imports.Value, i => i.FromLayer == "Dispatch" && i.To.FullName == $"{Root}.Channels.Webhooks.WebhookSender");
        Assert.Contains(Imports.Value, i => i.From.Name == "DispatchDueDeliveriesJob" && i.To.Name == "DeliveryDispatcher");
    }

    private static string Describe(string[] layers) => layers.Length == 0 ? "nothing else of alerting" : string.Join(", ", layers);

    /// <summary>The layer of a type in <c>BriWatch.Alerting</c>: the namespace segment after it, "" for the root; null outside alerting.</summary>
    private static string? LayerOf(string fullName)
    {
        if (!fullName.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = fullName[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        // No further dot: a type of the root namespace itself.
        return dot < 0 ? "" : rest[..dot];
    }

    private static IEnumerable<TypeDefinition> AlertingTypes() => Module.Value.Types.Where(t => LayerOf(t.FullName) is not null);

    private static List<Import> ReadImports()
    {
        var imports = new List<Import>();
        foreach (var type in AlertingTypes())
        {
            var fromLayer = LayerOf(type.FullName)!;
            foreach (var used in UsedBy(type))
            {
                var target = Outermost(used);
                if (LayerOf(target.FullName) is { } toLayer)
                {
                    imports.Add(new Import(type, fromLayer, target, toLayer));
                }
            }
        }

        return imports;
    }

    /// <summary>Every type <paramref name="type"/> and its nested (including compiler-generated) types mention.</summary>
    private static List<TypeReference> UsedBy(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference) => Flatten(reference, found);

        Add(type.BaseType);
        found.AddRange(type.Interfaces.SelectMany(i => Flattened(i.InterfaceType)));
        found.AddRange(AttributeTypes(type));
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            found.AddRange(AttributeTypes(field));
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            found.AddRange(AttributeTypes(property));
        }

        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            found.AddRange(AttributeTypes(method));
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
            }

            if (method.HasBody)
            {
                foreach (var variable in method.Body.Variables)
                {
                    Add(variable.VariableType);
                }

                foreach (var handler in method.Body.ExceptionHandlers)
                {
                    Add(handler.CatchType);
                }

                foreach (var instruction in method.Body.Instructions)
                {
                    AddOperand(instruction, found);
                }
            }
        }

        foreach (var nested in type.NestedTypes)
        {
            found.AddRange(UsedBy(nested));
        }

        return found;
    }

    private static void AddOperand(Instruction instruction, List<TypeReference> found)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                Flatten(type, found);
                break;
            case MethodReference method:
                Flatten(method.DeclaringType, found);
                Flatten(method.ReturnType, found);
                foreach (var parameter in method.Parameters)
                {
                    Flatten(parameter.ParameterType, found);
                }

                if (method is GenericInstanceMethod generic)
                {
                    foreach (var argument in generic.GenericArguments)
                    {
                        Flatten(argument, found);
                    }
                }

                break;
            case FieldReference field:
                Flatten(field.DeclaringType, found);
                Flatten(field.FieldType, found);
                break;
        }
    }

    private static IEnumerable<TypeReference> AttributeTypes(ICustomAttributeProvider provider) =>
        provider.CustomAttributes.SelectMany(a => Flattened(a.AttributeType));

    private static List<TypeReference> Flattened(TypeReference? reference)
    {
        var found = new List<TypeReference>();
        Flatten(reference, found);
        return found;
    }

    /// <summary>The type itself and, for arrays, by-refs and generic instances, the types it is made of.</summary>
    private static void Flatten(TypeReference? reference, List<TypeReference> found)
    {
        switch (reference)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Flatten(generic.ElementType, found);
                foreach (var argument in generic.GenericArguments)
                {
                    Flatten(argument, found);
                }

                return;
            case TypeSpecification specification:
                Flatten(specification.ElementType, found);
                return;
            default:
                found.Add(reference);
                return;
        }
    }

    /// <summary>A nested type counts as its outermost declaring type, whose namespace is the layer's.</summary>
    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type;
    }

    private sealed record Import(TypeReference From, string FromLayer, TypeReference To, string ToLayer)
    {
        public override string ToString() => $"{From.FullName} → {To.FullName}";
    }
}
