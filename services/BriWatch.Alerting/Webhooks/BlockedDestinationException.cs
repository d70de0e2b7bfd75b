namespace BriWatch.Alerting.Webhooks;

/// <summary>A webhook target resolves only to addresses alerting must not reach (SSRF guard).</summary>
public sealed class BlockedDestinationException : Exception
{
    public BlockedDestinationException(string message)
        : base(message)
    {
    }

    public BlockedDestinationException()
    {
    }

    public BlockedDestinationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
