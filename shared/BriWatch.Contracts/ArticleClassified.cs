namespace BriWatch.Contracts;

/// <summary>Event: the classifier tagged and stored an article (classifier → alerting).</summary>
/// <remarks>Carries what an alert shows so alerting never has to read the article back.</remarks>
public sealed record ArticleClassified(
    string ArticleId,
    string SourceId,
    string CanonicalUrl,
    string Title,
    string Summary,
    DateTimeOffset? Published,
    string Language,
    bool Relevant,
    double Score,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Countries,
    string StoryId,
    IReadOnlyList<string> Evidence,
    DateTimeOffset ClassifiedAt)
{
    /// <summary>The deal's own amount in US dollars (never a background figure); alerting compares it to spot a new development.</summary>
    /// <remarks>Init-only rather than positional, so publishers on the previous version still deserialize (as null).</remarks>
    public double? AmountUsd { get; init; }

    /// <summary>Project stage the article reports (announced, mou, signed, financed, under_construction, operational, cancelled).</summary>
    public string? Stage { get; init; }

    /// <summary>Every money amount the article states, in text order, with its role; empty from publishers on a previous version.</summary>
    public IReadOnlyList<DealAmount> Amounts { get; init; } = [];
}
