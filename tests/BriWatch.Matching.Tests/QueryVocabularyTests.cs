using System.Text.RegularExpressions;
using BriWatch.Matching.Vocabulary;

namespace BriWatch.Matching.Tests;

/// <summary>The vocabulary the API validates against is the classifier's (seeds/taxonomy), not a drifting copy.</summary>
public sealed partial class QueryVocabularyTests
{
    [Fact]
    public void Topics_are_the_classifiers_topics()
    {
        var yaml = File.ReadAllText(Path.Combine(TaxonomyFolder(), "topics.yaml"));
        var section = yaml[yaml.IndexOf("\ntopics:", StringComparison.Ordinal)..];

        var ids = TwoSpaceKeys().Matches(section).Select(m => m.Groups["id"].Value);

        Assert.Equal(ids, QueryVocabulary.Topics.Select(t => t.Id));
    }

    [Fact]
    public void Stages_are_the_classifiers_stages()
    {
        var yaml = File.ReadAllText(Path.Combine(TaxonomyFolder(), "signals.yaml"));
        var section = yaml[(yaml.IndexOf("\nstages:", StringComparison.Ordinal) + 8)..];
        var end = TopLevelKey().Match(section);
        section = end.Success ? section[..end.Index] : section;

        // "intent" is not a stage: plan phrases that count as announced.
        var ids = TwoSpaceKeys().Matches(section).Select(m => m.Groups["id"].Value).Where(id => id != "intent");

        Assert.Equal(ids, QueryVocabulary.Stages.Select(t => t.Id));
    }

    [Fact]
    public void Countries_are_read_from_the_classifiers_taxonomy()
    {
        var yaml = File.ReadAllText(Path.Combine(TaxonomyFolder(), "countries.yaml"));

        var codes = CountryKeys().Matches(yaml).Select(m => m.Groups["id"].Value);

        Assert.Equal(codes, TaxonomyCountries.All.Select(c => c.Code));
        Assert.Contains(TaxonomyCountries.All, c => c is { Code: "BR", Name: "Brazil", Brics: "member", Bri: false });
    }

    private static string TaxonomyFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds", "taxonomy");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("seeds/taxonomy not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^  (?<id>[a-z_]+):", RegexOptions.Multiline)]
    private static partial Regex TwoSpaceKeys();

    [GeneratedRegex(@"^[a-z_]+:", RegexOptions.Multiline)]
    private static partial Regex TopLevelKey();

    [GeneratedRegex(@"^  (?<id>[A-Z]{2}):", RegexOptions.Multiline)]
    private static partial Regex CountryKeys();
}
