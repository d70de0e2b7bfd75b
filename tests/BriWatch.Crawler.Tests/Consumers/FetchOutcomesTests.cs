using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;

namespace BriWatch.Crawler.Tests.Consumers;

/// <summary>The fetch metric's <c>outcome</c> tag: a few fixed error kinds, never the error message.</summary>
public sealed class FetchOutcomesTests
{
    public static TheoryData<Exception, string> Failures { get; } = new()
    {
        { new FetchException("HTTP 503 Service Unavailable", 503), "http_error" },
        { new FetchException("connection refused by example.org") { Unreachable = true }, "unreachable" },
        { new FetchException("disallowed by https://example.org/robots.txt"), "fetch_refused" },
        { new FeedParseException("not well-formed and no items could be recovered"), "parse_error" },
        { new UriFormatException("Invalid URI"), "bad_url" },
        { new InvalidOperationException("a parser bug"), "internal_error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Each_kind_of_failure_has_its_own_outcome(Exception failure, string outcome)
    {
        Assert.Equal(outcome, FetchOutcomes.Of(failure));
    }
}
