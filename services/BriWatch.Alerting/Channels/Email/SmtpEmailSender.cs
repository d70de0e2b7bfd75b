using BriWatch.Alerting.Alerts;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BriWatch.Alerting.Channels.Email;

/// <summary>Sends one alert email through the configured SMTP server and classifies the outcome.</summary>
public sealed class SmtpEmailSender(AlertEmailComposer composer, TimeProvider time, IOptions<AlertingOptions> options)
{
    /// <param name="id">The delivery id: it becomes the Message-Id, the same on every attempt.</param>
    public async Task<SendResult> SendAsync(string id, string address, string payload, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        if (!smtp.Enabled || smtp.Host is not { } host)
        {
            // Retried rather than failed: configuring SMTP and restarting within the schedule still sends the alert.
            return new(SendOutcome.Retry, null, $"Email is not configured: set {AlertingOptions.Section}:Smtp:Host (and From, PublicBaseUrl).", null);
        }

        if (!MailboxAddress.TryParse(address, out var recipient) || !recipient.Address.Contains('@', StringComparison.Ordinal))
        {
            return new(SendOutcome.Fail, null, $"'{address}' is not a valid email address.", null);
        }

        MimeMessage message;
        try
        {
            message = composer.Compose(id, recipient, payload);
        }
        catch (FormatException e)
        {
            return new(SendOutcome.Fail, null, e.Message, null);
        }

        var server = $"{host}:{smtp.Port}";

        // The timeout runs on the injected clock so tests can expire it without waiting; MailKit's own covers each socket read and write.
        using var timeoutCts = new CancellationTokenSource(smtp.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, smtp.Port, Map(smtp.Security), linked.Token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", linked.Token);
            }

            await client.SendAsync(message, linked.Token);
        }
        catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new(SendOutcome.Retry, null, $"SMTP server {server} did not finish within {smtp.Timeout.TotalSeconds:0.###} s.", null);
        }
        catch (Exception e) when (SmtpFailures.Classify(e, server) is { } failure)
        {
            return failure;
        }

        await DisconnectQuietlyAsync(client);
        return new(SendOutcome.Delivered, 250, null, null);
    }

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException)
        {
            // The message was already accepted; a failed QUIT must not turn it into a retry and a duplicate.
        }
    }
}
