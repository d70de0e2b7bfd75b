using BriWatch.Classifier.Pipeline;

namespace BriWatch.Classifier.Tests.Support;

/// <summary>One compiled taxonomy for the whole test run (from the copy in the test output, like production).</summary>
internal static class TestClassifier
{
    private static readonly Lazy<ArticleClassifier> Shared = new(() => ArticleClassifier.FromTaxonomy());

    public static ArticleClassifier Instance => Shared.Value;

    public static Classification Classify(string title, string text, string published = "2025-06-01", string id = "test")
        => Instance.Classify(new ArticleInput(id, title, text, DateTimeOffset.Parse(published, System.Globalization.CultureInfo.InvariantCulture)));
}
