namespace BriWatch.Crawler.Feeds;

/// <summary>Nothing usable could be read from a document; the message is written for a person ("not a feed: HTML page").</summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException(string message)
        : base(message)
    {
    }

    public FeedParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FeedParseException()
    {
    }
}
