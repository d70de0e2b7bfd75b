using System.Diagnostics;
using BriWatch.Classifier.Pipeline;
using BriWatch.Classifier.Stories;
using BriWatch.Contracts;
using BriWatch.Matching;
using BriWatch.Storage.Articles;
using BriWatch.Storage.Outbox;
using MassTransit;

namespace BriWatch.Classifier.Consumers;

/// <summary>
/// Classifies a discovered article, stores it and records <see cref="ArticleClassified"/> in the outbox, then completes
/// the <see cref="ArticleDiscovered"/> outbox event it came from. Idempotent: the article is upserted by id, a
/// redelivered article keeps the story id it was first given, and its ArticleClassified is recorded again (a no-op
/// while the first is pending). A crash anywhere before the completion leaves the incoming event pending, so the relay
/// publishes it again and this runs again: no separate transaction is needed across the writes.
/// </summary>
public sealed class ArticleDiscoveredConsumer(
    ArticleClassifier classifier,
    StoryAssigner stories,
    IArticleStore articles,
    IOutboxStore outbox,
    OutboxSignal outboxSignal,
    TimeProvider timeProvider,
    ILogger<ArticleDiscoveredConsumer> logger) : IConsumer<ArticleDiscovered>
{
    public async Task Consume(ConsumeContext<ArticleDiscovered> context)
    {
        // A message from another process may lack fields its record declares non-null; absent title or text means empty.
        var message = context.Message with { Title = context.Message.Title ?? "", Text = context.Message.Text ?? "" };
        var cancellationToken = context.CancellationToken;
        using var activity = ClassifierTelemetry.Source.StartActivity("classify article");
        activity?.SetTag("briwatch.article.id", message.ArticleId);
        Validate(message);

        var started = Stopwatch.GetTimestamp();
        var result = classifier.Classify(new ArticleInput(message.ArticleId, message.Title, message.Text, message.Published ?? message.DiscoveredAt, message.LanguageHint));
        ClassifierTelemetry.ClassifyDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        var existing = await articles.GetAsync(message.ArticleId, cancellationToken);
        var storyId = existing?.StoryId ?? await stories.AssignAsync(message.ArticleId, message.Title, message.Text, cancellationToken);
        var classifiedAt = timeProvider.GetUtcNow();
        var evidence = result.Evidence.Select(e => e.ToString()).ToList();

        await articles.UpsertAsync(
            new Article
            {
                Id = message.ArticleId,
                SourceId = message.SourceId,
                Url = message.CanonicalUrl,
                Title = message.Title,
                Text = message.Text,
                Published = message.Published,
                DiscoveredAt = message.DiscoveredAt,
                ClassifiedAt = classifiedAt,
                Language = result.Language,
                Relevant = result.Relevant,
                Score = result.Score,
                Topics = result.Topics,
                Countries = result.Countries,
                StoryId = storyId,
                Evidence = evidence,
                Entities = [.. result.Entities.Select(e => new ArticleEntity(e.Kind, e.Name, e.Start, e.Length))],
                AmountUsd = result.AmountUsd,
                Stage = result.Stage,
                Amounts = [.. result.Amounts.Select(a => new ArticleAmount(a.Value, a.Currency, a.AmountUsd, a.Role, a.Start, a.Length, a.Evidence))],
            },
            cancellationToken);

        var classified = new ArticleClassified(
            message.ArticleId,
            message.SourceId,
            message.CanonicalUrl,
            message.Title,
            ArticleSummary.Of(message.Text),
            message.Published,
            result.Language,
            result.Relevant,
            result.Score,
            result.Topics,
            result.Countries,
            storyId,
            evidence,
            classifiedAt)
        {
            AmountUsd = result.AmountUsd,
            Stage = result.Stage,
            Amounts = [.. result.Amounts.Select(a => new DealAmount(a.Value, a.Currency, a.AmountUsd, a.Role, a.Start, a.Length, a.Evidence))],
        };
        await outbox.EnqueueAsync(OutboxEvents.For(message.ArticleId, classified, classifiedAt), cancellationToken);
        outboxSignal.Notify();
        await context.CompleteAsync(outbox);

        activity?.SetTag("briwatch.article.relevant", result.Relevant);
        activity?.SetTag("briwatch.article.story_id", storyId);
        ClassifierTelemetry.Classified.Add(1, new KeyValuePair<string, object?>("relevant", result.Relevant));
        // Irrelevant articles are most of the stream; logging each at Information would drown the relevant ones.
        logger.Log(
            result.Relevant ? LogLevel.Information : LogLevel.Debug,
            "Classified article {ArticleId}: relevant={Relevant} score={Score} topics={Topics} story={StoryId}",
            message.ArticleId, result.Relevant, result.Score, result.Topics, storyId);
    }

    private static void Validate(ArticleDiscovered message)
    {
        if (string.IsNullOrWhiteSpace(message.ArticleId))
        {
            throw new InvalidArticleException($"ArticleDiscovered from source '{message.SourceId}' ({message.CanonicalUrl}) has no ArticleId.");
        }

        if (string.IsNullOrWhiteSpace(message.Title) && string.IsNullOrWhiteSpace(message.Text))
        {
            throw new InvalidArticleException($"Article '{message.ArticleId}' ({message.CanonicalUrl}) has neither title nor text to classify.");
        }
    }
}
