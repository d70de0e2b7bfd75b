using BriWatch.Contracts;
using BriWatch.Crawler.Extraction;
using BriWatch.Crawler.Feeds;
using BriWatch.Storage.Discoveries;
using BriWatch.Storage.Sources;
using MassTransit;

namespace BriWatch.Crawler.Items;

/// <summary>
/// Announces a source's unseen items as <see cref="ArticleDiscovered"/>, deduplicated through <see cref="IDiscoveryStore"/>.
/// Shared by polling and WebSub pushes, so an item announced by one is never announced again by the other.
/// </summary>
public sealed class ItemAnnouncer(IDiscoveryStore discoveries, ArticlePageReader pages, TimeProvider time, ILogger<ItemAnnouncer> logger)
{
    /// <summary>Announces every unseen item of <paramref name="feed"/>; returns how many were new.</summary>
    public async Task<int> AnnounceNewAsync(IPublishEndpoint publisher, Source source, ParsedFeed feed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(feed);
        var newItems = 0;
        foreach (var item in feed.Items)
        {
            if (await AnnounceIfNewAsync(publisher, source, feed, item, cancellationToken))
            {
                newItems++;
            }
        }

        return newItems;
    }

    /// <summary>Publishes the item unless one of its keys is known; publish first, then record (a redelivery may re-publish, never lose).</summary>
    private async Task<bool> AnnounceIfNewAsync(IPublishEndpoint publisher, Source source, ParsedFeed feed, FeedItem item, CancellationToken cancellationToken)
    {
        var keys = ItemKeys.For(item);
        if (await discoveries.AnyKnownAsync(keys.Keys, cancellationToken))
        {
            return false;
        }

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

        var now = time.GetUtcNow();
        await publisher.Publish(
            new ArticleDiscovered(
                keys.ArticleId,
                source.Id,
                canonicalUrl,
                Headline(title, text, canonicalUrl),
                text,
                item.Published ?? item.Updated,
                item.Language ?? feed.Feed.Language ?? source.Language,
                now),
            cancellationToken);
        await discoveries.RecordAsync(keys.ArticleId, source.Id, keys.Keys, now, cancellationToken);
        return true;
    }

    /// <summary>Sitemap and listing items may carry no title; the text's start, else the URL, stands in for one.</summary>
    private static string Headline(string title, string text, string url) =>
        title.Length > 0 ? title : text.Length > 80 ? text[..80] + "…" : text.Length > 0 ? text : url;

    private static string PlainText(string? value) =>
        string.IsNullOrWhiteSpace(value) ? string.Empty
        : HtmlSanitizer.LooksLikeHtml(value) ? HtmlSanitizer.ToPlainText(value)
        : value.Trim();
}
