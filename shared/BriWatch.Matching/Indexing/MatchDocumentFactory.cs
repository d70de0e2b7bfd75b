using BriWatch.Contracts;
using BriWatch.Storage.Sources;
using Microsoft.Extensions.Logging;

namespace BriWatch.Matching.Indexing;

/// <summary>
/// Builds the document queries run against. Deal amount and stage travel on the event; the source is read only when
/// some query asks whether it is official.
/// </summary>
public sealed class MatchDocumentFactory(ISourceStore sources, ILogger<MatchDocumentFactory> logger)
{
    public async Task<MatchDocument> CreateAsync(ArticleClassified article, SubscriptionIndex index, CancellationToken cancellationToken)
    {
        bool? official = null;
        if (index.NeedsSourceFacts)
        {
            var source = await sources.GetAsync(article.SourceId, cancellationToken);
            if (source is null)
            {
                logger.LogWarning("Source {SourceId} of article {ArticleId} is not stored; official:true/false cannot match it", article.SourceId, article.ArticleId);
            }

            official = source?.Official;
        }

        return new MatchDocument(article, official, article.AmountUsd, article.Stage);
    }
}
