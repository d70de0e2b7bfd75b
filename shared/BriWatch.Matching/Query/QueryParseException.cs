namespace BriWatch.Matching.Query;

/// <summary>A subscription query that does not parse; <see cref="Position"/> is the 1-based character position of the problem.</summary>
public sealed class QueryParseException : FormatException
{
    public QueryParseException(string message, int position)
        : base($"{message} (at position {position})")
    {
        Reason = message;
        Position = position;
    }

    public QueryParseException()
    {
        Reason = "";
    }

    public QueryParseException(string message)
        : base(message)
    {
        Reason = message;
    }

    public QueryParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The problem without the position, for a problem+json <c>detail</c>.</summary>
    public string Reason { get; }

    /// <summary>1-based character position in the query text.</summary>
    public int Position { get; }
}
