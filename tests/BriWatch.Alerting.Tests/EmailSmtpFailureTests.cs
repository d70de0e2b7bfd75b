using System.Net.Sockets;
using BriWatch.Alerting.Alerts;
using BriWatch.Alerting.Channels.Email;
using MailKit.Net.Smtp;
using MimeKit;

namespace BriWatch.Alerting.Tests;

/// <summary>maildev accepts every message, so the SMTP reply codes it cannot produce are classified here directly.</summary>
public sealed class EmailSmtpFailureTests
{
    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable, SmtpErrorCode.RecipientNotAccepted, 550)]
    [InlineData(SmtpStatusCode.UserNotLocalTryAlternatePath, SmtpErrorCode.RecipientNotAccepted, 551)]
    [InlineData(SmtpStatusCode.ExceededStorageAllocation, SmtpErrorCode.MessageNotAccepted, 552)]
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed, SmtpErrorCode.RecipientNotAccepted, 553)]
    [InlineData(SmtpStatusCode.TransactionFailed, SmtpErrorCode.MessageNotAccepted, 554)]
    public void Permanent_5xx_reply_fails_the_delivery(SmtpStatusCode status, SmtpErrorCode error, int code)
    {
        var result = SmtpFailures.Classify(Rejection(error, status), "smtp.example.org:25");

        Assert.NotNull(result);
        Assert.Equal((SendOutcome.Fail, (int?)code), (result.Outcome, result.StatusCode));
        Assert.StartsWith($"SMTP {code} (permanent):", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_recipient_is_named_in_the_error()
    {
        var result = SmtpFailures.Classify(Rejection(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable), "smtp.example.org:25");

        Assert.Equal("SMTP 550 (permanent): recipient gone@example.org was rejected: 5.1.1 mailbox unavailable", result?.Error);
    }

    [Theory]
    [InlineData(SmtpStatusCode.ServiceNotAvailable, 421)]
    [InlineData(SmtpStatusCode.MailboxBusy, 450)]
    [InlineData(SmtpStatusCode.ErrorInProcessing, 451)]
    [InlineData(SmtpStatusCode.InsufficientStorage, 452)]
    public void Temporary_4xx_reply_is_retried(SmtpStatusCode status, int code)
    {
        var result = SmtpFailures.Classify(Rejection(SmtpErrorCode.RecipientNotAccepted, status), "smtp.example.org:25");

        Assert.NotNull(result);
        Assert.Equal((SendOutcome.Retry, (int?)code), (result.Outcome, result.StatusCode));
        Assert.StartsWith($"SMTP {code} (temporary):", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_and_protocol_failures_are_retried()
    {
        Exception[] failures =
        [
            new SocketException((int)SocketError.ConnectionRefused),
            new IOException("connection reset"),
            new TimeoutException("read timed out"),
            new SmtpProtocolException("unexpected reply"),
            new MailKit.Security.AuthenticationException("535 bad credentials"),
        ];

        Assert.All(failures, f => Assert.Equal(SendOutcome.Retry, SmtpFailures.Classify(f, "smtp.example.org:25")?.Outcome));
    }

    [Fact]
    public void Exception_that_is_no_SMTP_failure_is_not_classified()
    {
        Assert.Null(SmtpFailures.Classify(new InvalidOperationException("a bug"), "smtp.example.org:25"));
    }

    private static SmtpCommandException Rejection(SmtpErrorCode error, SmtpStatusCode status) =>
        new(error, status, MailboxAddress.Parse("gone@example.org"), "5.1.1 mailbox unavailable");
}
