using BriWatch.Contracts;
using BriWatch.Crawler.Extraction;
using BriWatch.Crawler.Feeds;
using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Outbox;
using BriWatch.Storage.Sources;

namespace BriWatch.Crawler.Items;

/// <summary>
/// Announces a source's unseen items as <see cref="ArticleDiscovered"/>, deduplicated through <see cref="IDiscoveryStore"/>.
/// Shared by polling and WebSub pushes, so an item announced by one is never announced again by the other.
/// </summary>
public sealed class ItemAnnouncer(IDiscoveryStore discoveries, OutboxSignal outbox, ArticlePageReader pages, TimeProvider time, ILogger<ItemAnnouncer> logger)
{
    /// <summary>
    /// Announces every unseen item of <paramref name="feed"/>. An item that cannot be processed is skipped with a warning
    /// naming it, so one odd item never costs the others; store errors and cancellation still propagate, so
    /// the message fails and is retried.
    /// </summary>
    public async Task<AnnounceResult> AnnounceNewAsync(Source source, ParsedFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(feed);
        var newItems = 0;
        var skipped = new List<string>();
        foreach (var item in feed.Items)
        {
            if (await AnnounceIfNewAsync(source, feed, item, skipped, cancellationToken))
            {
                newItems++;
            }
        }

        return new AnnounceResult(newItems, skipped);
    }

    /// <summary>
    /// Records the item's keys and its <see cref="ArticleDiscovered"/> in the outbox together, unless one of its keys is
    /// known; the outbox relay publishes it and keeps publishing it until the classifier has stored the article, so a
    /// crash at any point after the write loses nothing (issue 10).
    /// </summary>
    /// <remarks>
    /// Only the item's own processing is guarded; the store calls are deliberately outside the guards, because
    /// their failures are the infrastructure's, not the item's.
    /// </remarks>
    private async Task<bool> AnnounceIfNewAsync(Source source, ParsedFeed feed, FeedItem item, List<string> skipped, CancellationToken cancellationToken)
    {
        ItemKeys keys;
        try
        {
            keys = ItemKeys.For(item);
        }
        catch (Exception ex) when (IsItemFault(ex, cancellationToken))
        {
            Skip(source, item, ex, skipped);
            return false;
        }

        if (await discoveries.AnyKnownAsync(keys.Keys, cancellationToken))
        {
            return false;
        }

        ArticleDiscovered message;
        try
        {
            message = await DescribeAsync(source, feed, item, keys, cancellationToken);
        }
        catch (Exception ex) when (IsItemFault(ex, cancellationToken))
        {
            Skip(source, item, ex, skipped);
            return false;
        }

        await discoveries.RecordAsync(keys.ArticleId, source.Id, keys.Keys, OutboxEvents.For(keys.ArticleId, message, message.DiscoveredAt), cancellationToken);
        outbox.Notify();
        return true;
    }

    private async Task<ArticleDiscovered> DescribeAsync(Source source, ParsedFeed feed, FeedItem item, ItemKeys keys, CancellationToken cancellationToken)
    {
        var title = PlainText(item.Title);
        var text = PlainText(item.Content) is { Length: > 0 } content ? content : PlainText(item.Summary);
        var canonicalUrl = keys.CanonicalUrl ?? UrlCanonicalizer.Canonicalize(feed.Feed.Link) ?? source.Url;
        if (keys.CanonicalUrl is not null && await pages.ReadTextAsync(new Uri(keys.CanonicalUrl), text, cancellationToken) is { } pageText)
        {
            text = pageText;
        }

        if (keys.CanonicalUrl is null)
        {
            logger.LogInformation("Item {ArticleId} of source {SourceId} has no http(s) link; announced with {Url}", keys.ArticleId, source.Id, canonicalUrl);
        }

        return new ArticleDiscovered(
            keys.ArticleId,
            source.Id,
            canonicalUrl,
            Headline(title, text, canonicalUrl),
            text,
            item.Published ?? item.Updated,
            item.Language ?? feed.Feed.Language ?? source.Language,
            time.GetUtcNow());
    }

    private static bool IsItemFault(Exception ex, CancellationToken cancellationToken) =>
        ex is not OutOfMemoryException && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested);

    private void Skip(Source source, FeedItem item, Exception ex, List<string> skipped)
    {
        var name = Name(item);
        logger.LogError(ex, "Source {SourceId}: item {Item} could not be processed and was skipped", source.Id, name);
        skipped.Add($"item {name} skipped: {ex.GetType().Name}: {ex.Message}");
    }

    /// <summary>How a person finds the item in the feed: its link, else its id, else its title.</summary>
    private static string Name(FeedItem item)
    {
        var name = new[] { item.Link, item.Id, item.Title }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? "(untitled)";
        return name.Length > 200 ? name[..200] + "…" : name;
    }

    /// <summary>Sitemap and listing items may carry no title; the text's start, else the URL, stands in for one.</summary>
    private static string Headline(string title, string text, string url) =>
        title.Length > 0 ? title : text.Length > 80 ? text[..80] + "…" : text.Length > 0 ? text : url;

    private static string PlainText(string? value) =>
        string.IsNullOrWhiteSpace(value) ? string.Empty
        : HtmlText.LooksLikeHtml(value) ? HtmlText.ToPlainText(value)
        : value.Trim();
}

/// <param name="New">How many items were announced.</param>
/// <param name="Skipped">One warning per item that could not be processed, naming it.</param>
public sealed record AnnounceResult(int New, IReadOnlyList<string> Skipped);
