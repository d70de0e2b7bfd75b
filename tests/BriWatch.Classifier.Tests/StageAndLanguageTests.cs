using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class StageAndLanguageTests
{
    [Theory]
    [InlineData("Chinese and Egyptian firms signed a memorandum of understanding to build a steel plant in Egypt's Suez zone.", "mou")]
    [InlineData("Construction began on the Chinese-built steel plant in Egypt's Suez zone, which is under construction with Chinese investment.", "under_construction")]
    [InlineData("The Chinese-built steel plant in Egypt's Suez zone was inaugurated and began operations, Egyptian and Chinese investors said.", "operational")]
    [InlineData("Egypt cancelled the Chinese investment in the steel plant in the Suez zone after the project was suspended.", "cancelled")]
    public void Stage_is_read_from_the_cues(string text, string stage)
    {
        var result = TestClassifier.Classify("Steel plant in Egypt", text, "2024-06-01");

        Assert.True(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Equal(stage, result.Stage);
    }

    // Purpose phrases ("to build", "построит") are intent cues: they give announced only when no event cue is present.
    [Theory]
    [InlineData(
        "Russian and Chinese firms sign deal to build a car plant in Russia",
        "Russian and Chinese companies signed an agreement on Tuesday to build an electric vehicle plant in Russia's Kaluga region, the Russian industry ministry said.",
        "signed")]
    [InlineData(
        "Китайская компания построит завод в Калужской области",
        "Российская и китайская компании подписали соглашение о строительстве завода электромобилей в Калужской области. Китайский партнер построит завод и планирует выпускать 100 тысяч машин в год.",
        "signed")]
    [InlineData(
        "Chinese carmaker plans to build a car plant in Russia",
        "A Chinese carmaker plans to build an electric vehicle plant in Russia's Kaluga region with a Russian partner and will build a second one later, the Russian industry ministry said.",
        "announced")]
    public void Intent_cues_give_way_to_any_event_cue(string title, string text, string stage)
    {
        var result = TestClassifier.Classify(title, text, "2024-06-01");

        Assert.True(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Equal(stage, result.Stage);
    }

    [Fact]
    public void Declared_language_is_used_only_when_the_text_is_inconclusive()
    {
        var classifier = TestClassifier.Instance;
        var published = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal("pt", classifier.Classify(new ArticleInput("a", "BYD", "BYD 2025", published, "pt-BR")).Language);
        Assert.Equal("en", classifier.Classify(new ArticleInput("b", "BYD plant", "The plant will be built in the south of the country with the support of the government.", published, "pt-BR")).Language);
        Assert.Equal("und", classifier.Classify(new ArticleInput("c", "BYD", "BYD 2025", published)).Language);
    }
}
