using BriWatch.Classifier.Stories;
using BriWatch.Classifier.Tests.Support;

namespace BriWatch.Classifier.Tests;

public sealed class MinHashSketchTests
{
    [Fact]
    public void Light_rewrite_of_a_story_is_the_same_story_and_shares_a_band()
    {
        var original = MinHashSketch.Compute(Articles.BydTitle, Articles.BydText)!;
        var rewrite = MinHashSketch.Compute(
            "Hungary wins BYD's first European car factory",
            Articles.BydText.Replace("said on Friday", "announced on Friday", StringComparison.Ordinal).Replace("thousands of", "some", StringComparison.Ordinal))!;

        Assert.True(MinHashSketch.Similarity(original, rewrite) >= MinHashSketch.SameStory);
        Assert.NotEmpty(MinHashSketch.BandKeys(original).Intersect(MinHashSketch.BandKeys(rewrite)));
    }

    [Fact]
    public void Different_story_is_not_the_same_story()
    {
        var byd = MinHashSketch.Compute(Articles.BydTitle, Articles.BydText)!;
        var other = MinHashSketch.Compute(
            "Rosatom pours first concrete at Egypt's El Dabaa unit",
            "Russia's Rosatom has started construction of the fourth unit of the El Dabaa nuclear power plant in Egypt. The plant, financed largely by a Russian state loan, will have four reactors with a total capacity of 4,800 megawatts.")!;

        Assert.True(MinHashSketch.Similarity(byd, other) < MinHashSketch.SameStory);
    }

    [Fact]
    public void Chinese_copies_are_fingerprinted_by_character_bigrams()
    {
        const string Text = "中老铁路是共建一带一路的标志性工程。开通运营三年来，中老铁路累计发送货物超过4000万吨，带动沿线老挝的物流、制造业和农业发展。";
        var copy = MinHashSketch.Compute("中老铁路三周年", Text + "（新华社）")!;
        var original = MinHashSketch.Compute("中老铁路开通三周年", Text)!;

        Assert.True(MinHashSketch.Similarity(original, copy) >= MinHashSketch.SameStory);
    }

    [Fact]
    public void Bare_headline_is_too_short_to_fingerprint()
    {
        Assert.Null(MinHashSketch.Compute("BYD in Hungary", ""));
    }
}
