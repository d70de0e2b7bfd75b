using BriWatch.Storage.Articles;

namespace BriWatch.Api.Feeds;

/// <summary>One matched article in a subscription's feed, with when the subscription matched it.</summary>
internal sealed record FeedEntry(Article Article, DateTimeOffset MatchedAt);
