using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class RelevanceTests
{
    [Fact]
    public void Chinese_PMI_release_is_not_relevant()
    {
        var result = TestClassifier.Classify(
            "China's factory activity expands for first time in six months",
            "China's official manufacturing purchasing managers' index (PMI) rose to 50.2 in March from 49.1 in February, the National Bureau of Statistics said on Monday. "
            + "Factory activity returned to expansion as new orders improved and production picked up at large manufacturers. The non-manufacturing PMI, which covers services "
            + "and construction, edged up to 51.8. Economists said the manufacturing recovery in China remained fragile amid weak domestic demand and falling producer prices. "
            + "Steel and chemicals plants reported higher output, while small factories still struggled with costs. Beijing has pledged more stimulus to support industry.");

        Assert.False(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Equal(["CN"], result.Countries);
    }

    [Fact]
    public void Volkswagen_plant_closure_in_Germany_is_not_relevant()
    {
        var result = TestClassifier.Classify(
            "Volkswagen to close Osnabrück plant as German car industry struggles",
            "Volkswagen will close its Osnabrück factory by 2027 and cut 35,000 jobs in Germany, the carmaker said, as the German car industry struggles with high energy costs "
            + "and weak demand. The works council and the IG Metall union agreed to the plan after weeks of strikes across the company's German plants. "
            + "Volkswagen said production capacity in Germany would fall by more than 700,000 vehicles. Analysts said the plant closure showed how deeply the manufacturing crisis "
            + "has hit Germany's industrial heartland, with layoffs also announced at suppliers in Saxony.");

        Assert.False(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Contains("DE", result.Countries);
    }

    [Fact]
    public void BRICS_summit_politics_is_not_relevant()
    {
        var result = TestClassifier.Classify(
            "BRICS leaders debate expansion and a common currency at Kazan summit",
            "Leaders of the BRICS countries gathered in Kazan for a summit dominated by the bloc's expansion and talk of de-dollarization. Russian President Vladimir Putin "
            + "hosted the meeting, which also discussed the war in Ukraine and Western sanctions. Brazil and India cautioned against a common currency, while China called for a "
            + "multipolar world order. The BRICS members welcomed new partner countries and issued a declaration on reform of global governance. Analysts said the geopolitical "
            + "message of the summit mattered more than any concrete outcome, and several leaders stressed that BRICS was not an anti-Western bloc.");

        Assert.False(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Contains("brics", result.Topics);
    }

    [Fact]
    public void BRICS_film_festival_is_not_relevant()
    {
        var result = TestClassifier.Classify(
            "BRICS Film Festival opens in Moscow with films from ten countries",
            "The BRICS Film Festival opened in Moscow on Thursday, screening films from Brazil, Russia, India, China, South Africa and the new member countries. "
            + "Directors and actors walked the red carpet as the festival celebrated cultural exchange among BRICS nations. Organisers said the cinema programme would "
            + "promote people-to-people ties and tourism, and a jury of film critics will award prizes for the best film, director and actress on Sunday.");

        Assert.False(result.Relevant, string.Join(" | ", result.Evidence));
    }

    [Fact]
    public void Intel_fab_in_Ohio_is_not_relevant()
    {
        var result = TestClassifier.Classify(
            "Intel delays Ohio chip factory to 2030",
            "Intel said construction of its semiconductor manufacturing plant in New Albany, Ohio would not be completed until 2030, years later than planned. "
            + "The $28 billion fab was a centrepiece of the US CHIPS Act, which awarded Intel billions of dollars in grants. The company said it would slow construction "
            + "to match market demand and manage capital spending, and that the Ohio site would eventually produce advanced chips for American customers.");

        Assert.False(result.Relevant, string.Join(" | ", result.Evidence));
        Assert.Equal(["US"], result.Countries);
    }

    [Fact]
    public void Chinese_carmaker_building_a_plant_in_Hungary_is_relevant_without_BRICS_or_BRI_words()
    {
        var result = TestClassifier.Classify(
            "BYD to build its first European car plant in Hungary",
            "Chinese electric vehicle maker BYD will build its first European passenger car factory in Szeged, Hungary, the company said, after signing an agreement with "
            + "the Hungarian government. The plant will produce electric vehicles and plug-in hybrids for the European market, with production starting in 2025. "
            + "Hungary's foreign minister said the investment was the largest in the region's history and would create thousands of jobs. BYD also runs a bus factory in Hungary.");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Contains("CN", result.Countries);
        Assert.Contains("HU", result.Countries);
        Assert.Contains("bri", result.Topics);
        Assert.Contains("energy_new", result.Topics);
        Assert.Contains(result.Entities, e => e.Name == "BYD" && e.Kind == "organisation");
    }

    [Fact]
    public void Chinese_text_without_spaces_is_matched_and_identified()
    {
        var result = TestClassifier.Classify(
            "中老铁路开通三周年 跨境货运量持续增长",
            "中老铁路是共建一带一路的标志性工程。开通运营三年来，中老铁路累计发送货物超过4000万吨，带动沿线老挝的物流、制造业和农业发展。"
            + "中国与老挝签署协议，将在万象建设新的物流园区和工业园，吸引更多中国企业投资。");

        Assert.True(result.Relevant, $"score {result.Score}: " + string.Join(" | ", result.Evidence));
        Assert.Equal("zh", result.Language);
        Assert.Contains("bri", result.Topics);
        Assert.Contains("infrastructure_transport", result.Topics);
        Assert.Contains("LA", result.Countries);
        Assert.Contains(result.Entities, e => e.Name == "China-Laos Railway" && e.Kind == "project" && e.Start == 0 && e.Length == 4);
    }

    [Fact]
    public void Membership_is_judged_as_of_the_article_date()
    {
        const string Title = "Egyptian and Emirati firms sign deal to build a steel plant in Egypt's Suez zone";
        const string Text = "An Egyptian steel maker and an Emirati investor signed an agreement to build a steel plant and an industrial park in the Suez Canal Economic Zone, "
            + "with an investment of $1 billion. Egypt said the factory would export to Africa. The UAE company will hold 60% of the joint venture.";

        var before = TestClassifier.Classify(Title, Text, "2023-06-01");
        var after = TestClassifier.Classify(Title, Text, "2024-06-01");

        Assert.False(before.Relevant, string.Join(" | ", before.Evidence));
        Assert.True(after.Relevant, $"score {after.Score}: " + string.Join(" | ", after.Evidence));
        Assert.Contains(after.Evidence, e => e.Reason == "party:EG");
    }

    [Fact]
    public void Word_boundaries_apply_to_Latin_terms()
    {
        var result = TestClassifier.Classify("Software award", "The software award rewarded a team whose portfolio was unmatched.");

        Assert.DoesNotContain(result.Evidence, e => e.Reason == "negative");
        Assert.Empty(result.Topics);
    }
}
