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
    DateTimeOffset ClassifiedAt);
