using BriWatch.Matching;
using BriWatch.Matching.Query;


namespace BriWatch.Matching.Tests;

public sealed class SubscriptionQueryTests
{
    // Article: topics energy_new; countries BR, CN; score 0.9; language en; source source-xinhua;
    // title "Brazil and China sign solar park deal"; summary "A 1.2 GW solar park in Bahia, financed by the NDB."
    private static readonly MatchDocument Document = new(Articles.SolarParkDeal() with { Language = "zh-Hans" }, official: true, amountUsd: 250e6, stage: "signed");

    [Theory]
    [InlineData("topic:energy_new AND country:(BR OR ZA) AND NOT topic:mining_resources", true)]
    [InlineData("topic:energy_new AND country:(ZA OR IN)", false)]
    [InlineData("topic:ENERGY_NEW country:br", true)]
    [InlineData("NOT topic:energy_new", false)]
    [InlineData("topic:mining_resources OR country:CN", true)]
    [InlineData("(topic:mining_resources OR topic:finance) AND country:CN", false)]
    [InlineData("score>=0.7", true)]
    [InlineData("score>0.9", false)]
    [InlineData("score<=0.9 AND score<1", true)]
    [InlineData("score=0.9", true)]
    [InlineData("language:zh", true)]
    [InlineData("language:en", false)]
    [InlineData("official:true", true)]
    [InlineData("official:false", false)]
    [InlineData("amount_usd>=100M", true)]
    [InlineData("amount_usd>=1B", false)]
    [InlineData("amount_usd>250000k", false)]
    [InlineData("stage:signed", true)]
    [InlineData("source:source-xinhua", true)]
    [InlineData("source:(tass OR cgtn)", false)]
    [InlineData("solar", true)]
    [InlineData("Solar BAHIA", true)]
    [InlineData("sol", false)]
    [InlineData("\"solar park deal\"", true)]
    [InlineData("\"park solar\"", false)]
    [InlineData("\"financed  by\" AND NOT wind", true)]
    [InlineData("NOT NOT solar", true)]
    public void Evaluates_against_the_article(string text, bool expected)
    {
        Assert.Equal(expected, SubscriptionQuery.Parse(text).Matches(Document));
    }

    [Fact]
    public void Unknown_amount_and_source_facts_never_match_either_way()
    {
        var bare = new MatchDocument(Articles.SolarParkDeal());

        Assert.False(SubscriptionQuery.Parse("amount_usd>=0").Matches(bare));
        Assert.False(SubscriptionQuery.Parse("official:true").Matches(bare));
        Assert.False(SubscriptionQuery.Parse("official:false").Matches(bare));
    }

    [Fact]
    public void Chinese_phrases_match_without_word_boundaries()
    {
        var document = new MatchDocument(Articles.SolarParkDeal() with { Title = "中巴签署光伏电站协议", Language = "zh" });

        Assert.True(SubscriptionQuery.Parse("光伏 AND language:zh").Matches(document));
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("topic:energy_new AND", 21, "ends where a term was expected")]
    [InlineData("(topic:energy_new", 18, "Missing ')' to close the '(' at position 1")]
    [InlineData("topic:energy_new)", 17, "Unmatched ')'")]
    [InlineData("colour:red", 1, "Unknown field 'colour'")]
    [InlineData("country:(BR OR", 15, "Expected a value for country")]
    [InlineData("country:(BR ZA)", 13, "Expected OR or ')'")]
    [InlineData("score:0.7", 1, "'score' is a number; compare it, e.g. score>=0.7")]
    [InlineData("score>=high", 8, "'high' is not a number")]
    [InlineData("amount_usd>=100X", 13, "is not a number (digits with an optional K, M, B or T suffix)")]
    [InlineData("topic>=3", 6, "'topic' cannot be compared")]
    [InlineData("official:maybe", 10, "official takes true or false")]
    [InlineData("solar \"park", 7, "Unterminated quoted phrase")]
    [InlineData("solar OR OR wind", 10, "Expected a term, a field or '(' but found 'OR'")]
    [InlineData("score>= 0.7", 8, "Expected a number right after 'score>='")]
    public void Parse_error_names_the_position(string text, int position, string message)
    {
        var error = Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"(at position {position})", error.Message, StringComparison.Ordinal);
        Assert.False(SubscriptionQuery.TryParse(text, out _, out var viaTry));
        Assert.Equal(position, viaTry!.Position);
    }

    [Fact]
    public void Deeply_nested_parentheses_are_refused_rather_than_overflowing_the_stack()
    {
        var text = new string('(', 10_000) + "solar" + new string(')', 10_000);

        Assert.Contains("nest deeper", Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("topic:energy_new AND country:(BR OR ZA)", "energy_new", "BR,ZA")]
    [InlineData("topic:(a OR b) AND topic:a", "a", null)]
    [InlineData("topic:a OR topic:b", "a,b", null)]
    [InlineData("topic:a OR solar", null, null)]
    [InlineData("NOT topic:a", null, null)]
    public void Required_topics_and_countries_are_derived_for_the_index(string text, string? topics, string? countries)
    {
        var query = SubscriptionQuery.Parse(text);

        Assert.Equal(topics, query.RequiredTopics is null ? null : string.Join(',', query.RequiredTopics.Order(StringComparer.Ordinal)));
        Assert.Equal(countries, query.RequiredCountries is null ? null : string.Join(',', query.RequiredCountries.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("score>=0.6 AND NOT topic:a", 0.6)]
    [InlineData("score>0.3 AND score>=0.5", 0.5)]
    [InlineData("(score>=0.7 AND solar) OR score>0.4", 0.4)]
    [InlineData("score>=0.7 OR solar", null)]
    [InlineData("NOT score<0.5", null)]
    [InlineData("score<=0.9", null)]
    public void Lowest_score_is_derived_for_the_index(string text, double? lowest)
    {
        Assert.Equal(lowest, SubscriptionQuery.Parse(text).LowestScore);
    }

    [Theory]
    [InlineData("solar AND topic:a", "solar")]
    [InlineData("Solar OR (lithium AND port)", "lithium,solar")]
    [InlineData("solar OR language:zh", null)]
    [InlineData("NOT solar", null)]
    [InlineData("\"solar park\"", null)]
    public void Required_words_are_derived_for_the_index(string text, string? words)
    {
        var query = SubscriptionQuery.Parse(text);

        Assert.Equal(words, query.RequiredWords is null ? null : string.Join(',', query.RequiredWords.Order(StringComparer.Ordinal)));
    }
}
