using BriWatch.Matching.Query;
using BriWatch.Matching.Vocabulary;

namespace BriWatch.Matching.Tests;

/// <summary>The query rules subscribers meet: operators in any case, quoted words, and known values with suggestions.</summary>
public sealed class QueryLanguageTests
{
    // Topics energy_new; countries BR, CN; stage signed; title "Brazil and China sign solar park deal".
    private static readonly MatchDocument Document = new(Articles.SolarParkDeal(), official: true, amountUsd: 250e6, stage: "signed");

    [Theory]
    [InlineData("wind or solar", true)]
    [InlineData("wind Or solar", true)]
    [InlineData("solar and wind", false)]
    [InlineData("solar And bahia", true)]
    [InlineData("not wind", true)]
    [InlineData("Not solar", false)]
    [InlineData("country:(ZA or BR)", true)]
    [InlineData("topic:mining_resources or country:cn", true)]
    public void Operators_are_accepted_in_any_case(string text, bool expected)
    {
        Assert.Equal(expected, SubscriptionQuery.Parse(text).Matches(Document));
    }

    [Fact]
    public void Lower_case_or_is_an_operator_not_a_word()
    {
        var lower = SubscriptionQuery.Parse("wind or solar");
        var upper = SubscriptionQuery.Parse("wind OR solar");

        Assert.Equal(upper.RequiredWords!.Order(), lower.RequiredWords!.Order());
        Assert.DoesNotContain("or", lower.RequiredWords!);
    }

    [Theory]
    [InlineData("solar \"and\" deal", true)]
    [InlineData("\"or\"", false)]
    [InlineData("solar \"not\"", false)]
    public void A_quoted_operator_is_a_word(string text, bool expected)
    {
        var query = SubscriptionQuery.Parse(text);

        Assert.Equal(expected, query.Matches(Document));
    }

    [Fact]
    public void A_quoted_or_is_required_as_a_word()
    {
        Assert.Contains("or", SubscriptionQuery.Parse("\"or\" solar").RequiredWords!);
    }

    [Theory]
    [InlineData("topic:evs", 7, "'evs' is not a topic; did you mean energy_new?")]
    [InlineData("topic:energy-new", 7, "did you mean energy_new?")]
    [InlineData("country:BR AND topic:(bri OR manufacturin)", 30, "did you mean manufacturing?")]
    [InlineData("stage:signed_mou", 7, "'signed_mou' is not a stage; did you mean signed or mou?")]
    [InlineData("stage:finalised", 7, "'finalised' is not a stage; use one of announced, mou, signed")]
    public void Unknown_topics_and_stages_are_refused_with_suggestions(string text, int position, string message)
    {
        var error = Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse(text, knownValuesOnly: true));

        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_refusal_lists_every_valid_value()
    {
        var error = Assert.Throws<QueryParseException>(() => SubscriptionQuery.Parse("topic:evs", knownValuesOnly: true));

        Assert.All(QueryVocabulary.Topics, t => Assert.Contains(t.Id, error.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("topic:ENERGY_NEW AND stage:Signed")]
    [InlineData("topic:(bri OR brics) OR stage:under_construction")]
    [InlineData("country:XX AND language:xx AND source:anything")]
    public void Known_values_in_any_case_and_open_fields_are_accepted(string text)
    {
        SubscriptionQuery.Parse(text, knownValuesOnly: true);
    }

    [Fact]
    public void Stored_queries_with_unknown_values_still_parse_for_matching()
    {
        // Live matching and the preview read queries accepted before the rule: they keep matching as they did.
        var query = SubscriptionQuery.Parse("NOT topic:evs");

        Assert.True(query.Matches(Document));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("energy_new", "energy-new", 1)]
    [InlineData("", "mou", 3)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int distance)
    {
        Assert.Equal(distance, Suggestions.Distance(a, b));
    }
}
