using BriWatch.Matching;
using BriWatch.Contracts;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Sources;

namespace BriWatch.Alerting.Matching;

/// <summary>Builds the document queries run against, reading the stored article and source only when some query needs them.</summary>
public sealed class MatchDocumentFactory(IArticleStore articles, ISourceStore sources, ILogger<MatchDocumentFactory> logger)
{
    public async Task<MatchDocument> CreateAsync(ArticleClassified article, SubscriptionIndex index, CancellationToken cancellationToken)
    {
        bool? official = null;
        double? amountUsd = null;
        string? stage = null;
        if (index.NeedsSourceFacts)
        {
            var source = await sources.GetAsync(article.SourceId, cancellationToken);
            if (source is null)
            {
                logger.LogWarning("Source {SourceId} of article {ArticleId} is not stored; official:true/false cannot match it", article.SourceId, article.ArticleId);
            }

            official = source?.Official;
        }

        if (index.NeedsArticleFacts)
        {
            var stored = await articles.GetAsync(article.ArticleId, cancellationToken);
            if (stored is null)
            {
                logger.LogWarning("Article {ArticleId} is not stored; amount_usd and stage cannot match it", article.ArticleId);
            }

            amountUsd = stored?.AmountUsd;
            stage = stored?.Stage;
        }

        return new MatchDocument(article, official, amountUsd, stage);
    }
}
