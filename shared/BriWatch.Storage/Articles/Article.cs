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
    /// <summary>Every money amount the article states, in text order, each with its role; <see cref="AmountUsd"/> is the deal's own one.</summary>
    public IReadOnlyList<ArticleAmount> Amounts { get; init; } = [];
}

/// <summary>A named thing found in the article, with its character offset in <c>Title + "\n" + Text</c>.</summary>
public sealed record ArticleEntity(string Kind, string Name, int Start, int Length);

/// <summary>A money amount the article states.</summary>
/// <param name="Value">In units of <paramref name="Currency"/> ("1,2 mil milhões de reais" is 1.2e9 BRL).</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="AmountUsd">The value in US dollars at the rate of the article's date.</param>
/// <param name="Role">deal, loan, investment, capacity (a capacity-related figure such as annual output) or background (a bank's capital, trade volume, GDP, last year's figures).</param>
/// <param name="Start">Offset in <c>Title + "\n" + Text</c>.</param>
/// <param name="Evidence">The text of the amount as written.</param>
public sealed record ArticleAmount(double Value, string Currency, double? AmountUsd, string Role, int Start, int Length, string Evidence);
