namespace BriWatch.Classifier;

/// <summary>Bound from the <c>Classifier</c> configuration section.</summary>
public sealed class ClassifierOptions
{
    public const string Section = "Classifier";

    /// <summary>Taxonomy folder; a relative path resolves against the application's base directory.</summary>
    public string TaxonomyPath { get; set; } = "seeds/taxonomy";

    /// <summary>How far back a near-duplicate may be to share its story id.</summary>
    public TimeSpan StoryWindow { get; set; } = TimeSpan.FromDays(14);
}
