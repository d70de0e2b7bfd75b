using YamlDotNet.RepresentationModel;

namespace BriWatch.Matching.Vocabulary;

/// <param name="Code">ISO 3166-1 alpha-2 code, as queries and subscriptions name it.</param>
/// <param name="Brics">"member" or "partner" of BRICS (from the date in the taxonomy), or null.</param>
/// <param name="Bri">A Belt and Road participant.</param>
public sealed record TaxonomyCountry(string Code, string Name, string? Brics, bool Bri);

/// <summary>
/// The countries the classifier recognises, read from the same seeds/taxonomy/countries.yaml it compiles (embedded in
/// this assembly, so services that do not classify need no copy of the taxonomy folder).
/// </summary>
public static class TaxonomyCountries
{
    private const string Resource = "BriWatch.Matching.taxonomy.countries.yaml";

    private static readonly Lazy<IReadOnlyList<TaxonomyCountry>> Countries = new(Load);

    public static IReadOnlyList<TaxonomyCountry> All => Countries.Value;

    private static List<TaxonomyCountry> Load()
    {
        using var stream = typeof(TaxonomyCountries).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var countries = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("countries")];
        return [.. countries.Children.Select(c => Country(((YamlScalarNode)c.Key).Value!, (YamlMappingNode)c.Value))];
    }

    private static TaxonomyCountry Country(string code, YamlMappingNode node)
    {
        string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

        var brics = node.Children.TryGetValue(new YamlScalarNode("brics"), out var status) && status is YamlMappingNode map
            ? Scalar(map, "member_from") is not null ? "member" : Scalar(map, "partner_from") is not null ? "partner" : null
            : null;
        return new TaxonomyCountry(code, Scalar(node, "name") ?? code, brics, Scalar(node, "bri") == "true");
    }
}
