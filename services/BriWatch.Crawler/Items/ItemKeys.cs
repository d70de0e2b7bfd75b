using System.Security.Cryptography;
using System.Text;
using BriWatch.Crawler.Feeds;

namespace BriWatch.Crawler.Items;

/// <summary>The keys under which an item is remembered, and the article id derived from them.</summary>
/// <param name="ArticleId">Short hex of SHA-256 over the canonical URL, else the guid, else title and content.</param>
/// <param name="CanonicalUrl">Canonical link, or null when the item has no http(s) link.</param>
/// <param name="Keys">Every key (<c>url:</c>, <c>guid:</c>, else <c>hash:</c>) that identifies the item; any match means "seen".</param>
public sealed record ItemKeys(string ArticleId, string? CanonicalUrl, IReadOnlyList<string> Keys)
{
    public static ItemKeys For(FeedItem item)
    {
        var canonical = UrlCanonicalizer.Canonicalize(item.Link);
        var guid = string.IsNullOrWhiteSpace(item.Id) ? null : item.Id.Trim();
        var contentHash = Hash((item.Title ?? string.Empty) + "\n" + (item.Content ?? item.Summary ?? string.Empty));
        var keys = new List<string>(3);
        if (canonical is not null)
        {
            keys.Add("url:" + canonical);
        }

        if (guid is not null)
        {
            // A guid that is a URL is a link in disguise; canonicalise it so it meets the same item linked elsewhere.
            keys.Add("guid:" + (UrlCanonicalizer.Canonicalize(guid) ?? guid));
        }

        if (keys.Count == 0)
        {
            // Only for items with neither link nor guid: generic titles ("Notice") would otherwise collide across items.
            keys.Add("hash:" + contentHash);
        }

        var articleId = canonical is not null ? Hash(canonical) : guid is not null ? Hash(guid) : contentHash;
        return new ItemKeys(articleId, canonical, keys.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>First 16 hex digits (64 bits) of SHA-256: short enough for URLs, collisions negligible at our volume.</summary>
    public static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
}
