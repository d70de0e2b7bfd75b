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
        var text = new string('(', 400) + "solar" + new string(')', 400);

        Assert.Contains("nest deeper", Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_queries_are_refused_naming_the_limit_rather_than_overflowing_the_stack()
    {
        var text = string.Concat(Enumerable.Repeat("NOT ", 100_000)) + "x";

        var error = Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text));

        Assert.Contains("the limit is 2,000", error.Message, StringComparison.Ordinal);
        Assert.Equal(SubscriptionQuery.MaxLength + 1, error.Position);
    }

    [Fact]
    public void Nested_NOTs_count_toward_the_depth_limit_and_the_error_names_the_position()
    {
        Assert.True(SubscriptionQuery.Parse(string.Concat(Enumerable.Repeat("NOT ", 64)) + "solar").Matches(Document));

        var error = Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(string.Concat(Enumerable.Repeat("NOT ", 65)) + "solar"));

        Assert.Contains("nest deeper than 64", error.Message, StringComparison.Ordinal);
        Assert.Equal((64 * 4) + 1, error.Position);
    }

    [Fact]
    public void NOTs_inside_parentheses_share_the_depth_limit()
    {
        var text = string.Concat(Enumerable.Repeat("NOT (", 33)) + "solar" + new string(')', 33);

        Assert.Contains("nest deeper than 64", Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_tokens_are_refused_naming_the_limit()
    {
        var text = string.Concat(Enumerable.Repeat("(a)", 600));

        Assert.Contains("the limit is 1,000", Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_maximum_length_AND_chain_parses_analyses_and_matches()
    {
        var text = "solar";
        for (var i = 0; text.Length + 8 <= SubscriptionQuery.MaxLength; i++)
        {
            text += i % 2 == 0 ? " AND NOT w" + (i % 10) : " park";
        }

        var query = SubscriptionQuery.Parse(text);

        Assert.True(text.Length > SubscriptionQuery.MaxLength - 10);
        Assert.True(query.Matches(Document));
        Assert.Subset(new HashSet<string> { "park", "solar" }, new HashSet<string>(query.RequiredWords!));
        Assert.False(SubscriptionQuery.Parse(text[..^10] + " wind").Matches(Document));
    }

    [Fact]
    public void A_maximum_length_chain_of_one_letter_words_and_ORs_parses_and_matches()
    {
        var words = string.Join(' ', Enumerable.Repeat("z", 1_000));
        var ors = string.Join(" OR ", Enumerable.Repeat("q", 399)) + " OR solar";

        Assert.Equal(SubscriptionQuery.MaxLength - 1, words.Length);
        Assert.False(SubscriptionQuery.Parse(words).Matches(Document));
        Assert.Equal(SubscriptionQuery.MaxLength, ors.Length);
        Assert.True(SubscriptionQuery.Parse(ors).Matches(Document));
        Assert.Equal(["q", "solar"], SubscriptionQuery.Parse(ors).RequiredWords!.Order(StringComparer.Ordinal));
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
