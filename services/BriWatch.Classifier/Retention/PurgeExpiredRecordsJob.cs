using BriWatch.Storage.Articles;
using BriWatch.Storage.Retention;
using BriWatch.Storage.Stories;
using Microsoft.Extensions.Options;
using Quartz;

namespace BriWatch.Classifier.Retention;

/// <summary>
/// Deletes what the classifier owns once past <c>Retention:Articles</c> and <c>Retention:Stories</c>: articles (never
/// one a pending delivery or a waiting digest item still names; the store checks) and story fingerprints, in batches.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PurgeExpiredRecordsJob(
    IArticleStore articles,
    IStoryIndex stories,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<PurgeExpiredRecordsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var retention = options.Value;
        var now = time.GetUtcNow();
        var purgedStories = await PurgeBatches.RunAsync(
            (max, ct) => stories.PurgeExpiredAsync(now, retention.Stories, max, ct), retention.PurgeBatchSize, cancellationToken);
        ClassifierTelemetry.RecordPurged("story_fingerprint", purgedStories);
        var purgedArticles = await PurgeBatches.RunAsync(
            (max, ct) => articles.PurgeExpiredAsync(now, retention.Articles, max, ct), retention.PurgeBatchSize, cancellationToken);
        ClassifierTelemetry.RecordPurged("article", purgedArticles);
        if (purgedArticles + purgedStories > 0)
        {
            logger.LogInformation(
                "Purged {Articles} articles older than {ArticleRetention} and {Stories} story fingerprints older than {StoryRetention}",
                purgedArticles, retention.Articles, purgedStories, retention.Stories);
        }
    }
}
