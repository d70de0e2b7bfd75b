using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class SeedArticleTests
{
    [Theory]
    [InlineData("000_bdc1504cc5b0cd2a.txt", "manufacturing", "CN")]
    [InlineData("001_2f5ace6274ab24be.txt", "manufacturing", "CN")]
    [InlineData("002_5d90f542ce3fae8c.txt", "energy_new", "CN")]
    [InlineData("003_e75b1ce0564321e1.txt", "industrial_park_sez", "CN")]
    [InlineData("004_efde72d67f7d87db.txt", "manufacturing", "CN")]
    public void Seed_article_is_relevant_with_its_main_topic_and_country(string file, string topic, string country)
    {
        if (SeedArticles.Directory is null)
        {
            Assert.Skip("shared/seeds is not beside the repository on this machine.");
        }

        var (title, text, published) = SeedArticles.Load(file);
        var result = TestClassifier.Classify(title, text, published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.Relevant, $"score {result.Score}, topics {string.Join(",", result.Topics)}, evidence {string.Join(" | ", result.Evidence)}");
        Assert.Contains(topic, result.Topics);
        Assert.Contains(country, result.Countries);
        Assert.Equal("en", result.Language);
        Assert.True(result.Topics.Contains("brics") || result.Topics.Contains("bri"), string.Join(",", result.Topics));
        Assert.NotEmpty(result.Evidence);
    }

    [Fact]
    public void Seed_on_the_BRICS_industry_forum_names_Russia_as_a_party()
    {
        if (SeedArticles.Directory is null)
        {
            Assert.Skip("shared/seeds is not beside the repository on this machine.");
        }

        var (title, text, published) = SeedArticles.Load("002_5d90f542ce3fae8c.txt");
        var result = TestClassifier.Classify(title, text, published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Contains("brics", result.Topics);
        Assert.Equal("CN", result.Countries[0]);
    }
}
