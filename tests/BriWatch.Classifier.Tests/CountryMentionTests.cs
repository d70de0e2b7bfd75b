using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class CountryMentionTests
{
    [Theory]
    [InlineData("The investment of 5.5 billion reais (about US$1 billion) covers plants for electric cars.")]
    [InlineData("The investment, worth 1 billion US dollars, covers plants for electric cars.")]
    public void A_dollar_amount_does_not_make_the_United_States_a_party(string amountSentence)
    {
        var result = TestClassifier.Classify(
            "BYD starts production at its electric vehicle plant in Camaçari, Brazil",
            "Chinese carmaker BYD has started assembling electric vehicles at its new industrial complex in Camaçari, Bahia. " + amountSentence,
            "2026-11-23");

        Assert.True(result.Relevant);
        Assert.Contains("BR", result.Countries);
        Assert.Contains("CN", result.Countries);
        Assert.DoesNotContain("US", result.Countries);
    }

    [Fact]
    public void The_United_States_named_as_a_party_is_still_a_country()
    {
        var result = TestClassifier.Classify(
            "US and Indian firms to build a semiconductor plant in Gujarat",
            "A US chipmaker and an Indian conglomerate will build a semiconductor plant in Gujarat, India, with an investment of US$2.75 billion.",
            "2026-11-23");

        Assert.Contains("US", result.Countries);
        Assert.Contains("IN", result.Countries);
    }
}
