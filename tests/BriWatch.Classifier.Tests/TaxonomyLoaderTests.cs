using BriWatch.Classifier.Taxonomy;

namespace BriWatch.Classifier.Tests;

public sealed class TaxonomyLoaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("bw-taxonomy-").FullName;

    public TaxonomyLoaderTests()
    {
        foreach (var file in Directory.GetFiles(TaxonomyLoader.ResolvePath(null), "*.yaml"))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Shipped_taxonomy_compiles_with_every_fixed_topic()
    {
        var taxonomy = TaxonomyLoader.Load(directory);

        Assert.Equal(Topics.Ids.Count, taxonomy.TopicRoles.Length);
        Assert.True(taxonomy.PatternCount > 1000, taxonomy.PatternCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith("topics.v2+", taxonomy.Version, StringComparison.Ordinal);
        Assert.Contains("+signals.v3+", taxonomy.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_topic_id_is_rejected_with_the_file_named()
    {
        File.AppendAllText(Path.Combine(directory, "topics.yaml"), "  tourism:\n    role: context\n    terms:\n      en: [tourism]\n");

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.Contains("topics.yaml: unknown topic id(s) tourism", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_membership_date_is_rejected_with_the_country_named()
    {
        var path = Path.Combine(directory, "countries.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("member_from: 2024-01-01", "member_from: 1 Jan 2024", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.Contains("brics.member_from: '1 Jan 2024' is not a yyyy-MM-dd date", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Star_inside_a_word_is_rejected()
    {
        var path = Path.Combine(directory, "topics.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("[manufactur*,", "[manu*factur,", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.Contains("'manu*factur' has '*' inside a word", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_rivalry_direction_is_rejected()
    {
        var path = Path.Combine(directory, "signals.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace("rivalry:\n", "rivalry:\n  around:\n    en: [versus]\n", StringComparison.Ordinal));

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.Contains("unknown rivalry direction 'around'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_YAML_is_reported_with_line_and_column()
    {
        File.WriteAllText(Path.Combine(directory, "entities.yaml"), "version: 1\nentities: [ {name: x\n");

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.StartsWith("entities.yaml: invalid YAML at line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported()
    {
        File.Delete(Path.Combine(directory, "rates.yaml"));

        var error = Assert.Throws<InvalidDataException>(() => TaxonomyLoader.Load(directory));

        Assert.Contains("rates.yaml' is missing", error.Message, StringComparison.Ordinal);
    }
}
