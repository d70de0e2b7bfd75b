namespace BriWatch.Matching.Tests;

public sealed class ArticleSummaryTests
{
    [Fact]
    public void Short_text_is_the_summary_trimmed()
    {
        Assert.Equal("A 1.2 GW solar park in Bahia.", ArticleSummary.Of("  A 1.2 GW solar park in Bahia.\n"));
    }

    [Fact]
    public void Long_text_is_cut_at_the_last_word_boundary_before_the_limit_and_marked()
    {
        // "hydrogen" straddles the limit: a plain cut would leave "hydro", a word of its own to a query.
        var text = new string('a', 285) + " plant of hydrogen electrolysers and more text after the limit";

        var summary = ArticleSummary.Of(text);

        Assert.Equal(new string('a', 285) + " plant of…", summary);
    }

    [Fact]
    public void Long_text_without_a_space_near_the_limit_is_cut_at_the_limit()
    {
        var summary = ArticleSummary.Of("short " + new string('x', 400));

        Assert.Equal(ArticleSummary.MaxLength + 1, summary.Length);
        Assert.EndsWith("x…", summary, StringComparison.Ordinal);
    }
}
