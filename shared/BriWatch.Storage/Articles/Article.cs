namespace BriWatch.Storage.Articles;

/// <summary>A discovered article with the classifier's tags.</summary>
public sealed record Article
{
    /// <summary>Stable id from the crawler (hash of the canonical URL, guid or content).</summary>
    public required string Id { get; init; }
    public required string SourceId { get; init; }
    public required string Url { get; init; }
    public required string Title { get; init; }
    public string Text { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset DiscoveredAt { get; init; }
    public DateTimeOffset ClassifiedAt { get; init; }
    public string Language { get; init; } = "und";
    public bool Relevant { get; init; }
    public double Score { get; init; }
    public IReadOnlyList<string> Topics { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    /// <summary>Shared by syndicated copies and light rewrites of one story.</summary>
    public required string StoryId { get; init; }
    /// <summary>The text spans that drove the decision, as the classifier quotes them.</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
    public IReadOnlyList<ArticleEntity> Entities { get; init; } = [];
    /// <summary>Largest deal amount the article states, normalised to US dollars.</summary>
    public double? AmountUsd { get; init; }
    /// <summary>Project stage: announced, mou, signed, financed, under_construction, operational, cancelled.</summary>
    public string? Stage { get; init; }
}

/// <summary>A named thing found in the article, with its character offset in <c>Title + "\n" + Text</c>.</summary>
public sealed record ArticleEntity(string Kind, string Name, int Start, int Length);
