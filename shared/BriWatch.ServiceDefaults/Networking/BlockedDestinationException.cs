using System.Net;

namespace BriWatch.ServiceDefaults.Networking;

/// <summary>A URL's host resolves only to addresses the SSRF guard refuses.</summary>
public sealed class BlockedDestinationException : HttpRequestException
{
    public BlockedDestinationException(string host, IPAddress address, string allowSetting)
        : base($"refused: {host} resolves to non-public address {address} (set {allowSetting}=true to allow)")
    {
        Host = host;
        Reason = $"{host} resolves to non-public address {address} (set {allowSetting}=true to allow)";
    }

    public BlockedDestinationException()
    {
        Host = "";
        Reason = "";
    }

    public BlockedDestinationException(string message)
        : base(message)
    {
        Host = "";
        Reason = message;
    }

    public BlockedDestinationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Host = "";
        Reason = message;
    }

    public string Host { get; }

    /// <summary>The refusal without the leading "refused:", for messages that say so themselves.</summary>
    public string Reason { get; }
}
