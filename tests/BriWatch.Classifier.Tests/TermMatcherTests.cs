using BriWatch.Classifier.Terms;

namespace BriWatch.Classifier.Tests;

public sealed class TermMatcherTests
{
    [Fact]
    public void Finds_every_pattern_including_overlaps_and_suffixes_in_folded_text()
    {
        var matcher = TermMatcher.Build(["he", "she", "hers", "his"]);
        var sink = new Recorder();

        matcher.Scan("uSHErs", sink);

        Assert.Equal([(1, 1, 4), (0, 2, 4), (2, 2, 6)], sink.Matches);
    }

    [Fact]
    public void Matches_Chinese_without_word_spaces()
    {
        var matcher = TermMatcher.Build(["一带一路", "中老铁路", "铁路"]);
        var sink = new Recorder();

        matcher.Scan("中老铁路是共建一带一路的标志性工程", sink);

        Assert.Equal([(1, 0, 4), (2, 2, 4), (0, 7, 11)], sink.Matches);
    }

    [Fact]
    public void Folds_case_diacritics_and_typographic_dashes()
    {
        var matcher = TermMatcher.Build([TextFolding.Fold("china-laos"), TextFolding.Fold("bilhoes")]);
        var sink = new Recorder();

        matcher.Scan("CHINA–LAOS e R$ 5 BILHÕES", sink);

        Assert.Equal([(0, 0, 10), (1, 18, 25)], sink.Matches);
    }

    [Fact]
    public void Duplicate_pattern_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => TermMatcher.Build(["a", "a"]));
    }

    private sealed class Recorder : ITermSink
    {
        public List<(int Pattern, int Start, int End)> Matches { get; } = [];

        public void OnTerm(int pattern, int start, int end) => Matches.Add((pattern, start, end));
    }
}
