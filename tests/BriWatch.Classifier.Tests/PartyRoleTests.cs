using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class PartyRoleTests
{
    [Fact]
    public void Builder_and_host_are_read_from_the_text()
    {
        var result = TestClassifier.Classify(Articles.BydTitle, Articles.BydText);

        Assert.Contains("builder", result.Parties.Single(p => p.Country == "CN").Roles);
        Assert.Contains("host", result.Parties.Single(p => p.Country == "HU").Roles);
    }

    [Fact]
    public void Financier_named_after_a_passive_cue_gets_the_role()
    {
        var result = TestClassifier.Classify(
            "Bangladesh rail upgrade",
            "Bangladesh will upgrade its railway line to the port of Chittagong. The project is financed by China Development Bank and will be built by a Chinese contractor.",
            "2024-07-08");

        Assert.True(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Contains("financier", result.Parties.Single(p => p.Country == "CN").Roles);
    }

    [Fact]
    public void Irrelevant_article_has_no_parties()
    {
        var result = TestClassifier.Classify("Software award", "The software award rewarded a team whose portfolio was unmatched.");

        Assert.Empty(result.Parties);
    }
}
