using BriWatch.Storage.Articles;

namespace BriWatch.Storage.Validation;

internal static class ArticleRules
{
    public static void Validate(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        foreach (var (value, field) in new[] { (article.Id, "Id"), (article.SourceId, "SourceId"), (article.Url, "Url"), (article.StoryId, "StoryId") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"Article {field} is required.", nameof(article));
            }
        }

        ArgumentNullException.ThrowIfNull(article.Title);
        ArgumentNullException.ThrowIfNull(article.Text);
        ArgumentNullException.ThrowIfNull(article.Topics);
        ArgumentNullException.ThrowIfNull(article.Countries);
        ArgumentNullException.ThrowIfNull(article.Evidence);
        ArgumentNullException.ThrowIfNull(article.Entities);
        ArgumentNullException.ThrowIfNull(article.Amounts);
    }

    public static void Validate(ArticleQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Skip < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Skip, "Skip must be zero or more.");
        }

        if (query.Limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, "Limit must be zero or more.");
        }
    }
}
