namespace BriWatch.Crawler.Fetching;

/// <summary>A fetch failed; the message is what the source's "last error" shows ("HTTP 404 Not Found", "timed out after 20 s").</summary>
public sealed class FetchException : Exception
{
    public FetchException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <param name="statusCode">The HTTP status the server answered with, when it answered.</param>
    public FetchException(string message, int? statusCode, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
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

    /// <summary>The HTTP status code of the answer that failed the fetch; null when there was none (network error, timeout, refusal).</summary>
    public int? StatusCode { get; }

    /// <summary>No answer came: a network error, a refused or blocked connection, or a timeout.</summary>
    public bool Unreachable { get; init; }

    /// <summary>What a 429 or 503 answer asked us to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
