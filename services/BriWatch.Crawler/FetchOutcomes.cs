using BriWatch.Crawler.Feeds;
using BriWatch.Crawler.Fetching;

namespace BriWatch.Crawler;

/// <summary>The <c>outcome</c> tag of <see cref="CrawlerTelemetry.Fetches"/>: a handful of fixed values, never an error message.</summary>
public static class FetchOutcomes
{
    public const string Ok = "ok";
    public const string NotModified = "not_modified";

    public static string Of(Exception error) => error switch
    {
        FetchException { StatusCode: not null } => "http_error",
        FetchException { Unreachable: true } => "unreachable",
        FetchException => "fetch_refused",
        FeedParseException => "parse_error",
        UriFormatException => "bad_url",
        _ => "internal_error",
    };
}
