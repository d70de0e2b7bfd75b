using System.Net.Sockets;
using BriWatch.Alerting.Alerts;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>What an SMTP failure means for the delivery: a permanent 5xx reply fails it, everything transient is retried.</summary>
/// <remarks>Null for an exception that is no SMTP failure, so a bug is not mistaken for an unreachable server.</remarks>
public static class SmtpFailures
{
    public static SendResult? Classify(Exception exception, string server) => exception switch
    {
        SmtpCommandException { StatusCode: var status } command when (int)status is >= 500 and < 600 =>
            new(SendOutcome.Fail, (int)status, $"SMTP {(int)status} (permanent): {Describe(command)}", null),
        SmtpCommandException { StatusCode: var status } command =>
            new(SendOutcome.Retry, (int)status, $"SMTP {(int)status} (temporary): {Describe(command)}", null),

        // Bad credentials or a missing STARTTLS are the operator's to fix; the alert waits for that rather than being dropped.
        AuthenticationException e => new(SendOutcome.Retry, null, $"{server} refused the SMTP credentials: {e.Message}", null),
        SslHandshakeException e => new(SendOutcome.Retry, null, $"TLS with {server} failed: {e.Message}", null),
        NotSupportedException e => new(SendOutcome.Retry, null, $"{server} does not support what Alerting:Smtp asks for: {e.Message}", null),
        SmtpProtocolException e => new(SendOutcome.Retry, null, $"{server} broke the SMTP protocol: {e.Message}", null),
        SocketException or IOException or TimeoutException or ServiceNotConnectedException =>
            new(SendOutcome.Retry, null, $"Could not reach SMTP server {server}: {exception.Message}", null),
        _ => null,
    };

    private static string Describe(SmtpCommandException e) =>
        e.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $"recipient {e.Mailbox} was rejected: {e.Message}",
            SmtpErrorCode.SenderNotAccepted => $"sender {e.Mailbox} was rejected: {e.Message}",
            _ => $"the message was rejected: {e.Message}",
        };
}
