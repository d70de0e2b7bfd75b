using BriWatch.Crawler.Fetching;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Extraction;

/// <summary>
/// Fetches a new item's page (through the same polite, guarded fetcher as feeds) and extracts its article text,
/// because feeds often carry only a teaser. Any failure leaves the caller with the feed's own text: a page that cannot
/// be read must never cost an item.
/// </summary>
public sealed class ArticlePageReader(FeedFetcher fetcher, ArticleExtractor extractor, IOptions<CrawlerOptions> options, ILogger<ArticlePageReader> logger)
{
    /// <summary>The page's article text when it is longer than <paramref name="feedText"/>, else null.</summary>
    public async Task<string?> ReadTextAsync(Uri page, string feedText, CancellationToken cancellationToken)
    {
        if (!options.Value.FetchArticlePages)
        {
            return null;
        }

        try
        {
            var document = await fetcher.FetchAsync(page, null, null, cancellationToken);
            using var body = new MemoryStream(document.Body, writable: false);
            var article = extractor.Extract(body, document.Url);
            if (article.Refusal is { } refusal)
            {
                logger.LogInformation("Article page {Url} was not analysed ({Reason}); the feed's text is used", page, refusal);
                return null;
            }

            return article.HasText && article.Text.Length > feedText.Length ? article.Text : null;
        }
        catch (FetchException ex)
        {
            logger.LogInformation("Article page {Url} could not be read ({Error}); the feed's text is used", page, ex.Message);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Extraction runs heuristics over arbitrary markup: a bug it hits on one odd page must not cost the item.
            logger.LogWarning(ex, "Article page {Url} could not be extracted; the feed's text is used", page);
            return null;
        }
    }
}
