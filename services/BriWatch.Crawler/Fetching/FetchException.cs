namespace BriWatch.Crawler.Fetching;

/// <summary>A fetch failed; the message is what the source's "last error" shows ("HTTP 404 Not Found", "timed out after 20 s").</summary>
public sealed class FetchException : Exception
{
    public FetchException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    public FetchException()
    {
    }

    public FetchException(string message)
        : base(message)
    {
    }

    public FetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What a 429 or 503 answer asked us to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
