using MimeKit;

namespace BriWatch.Alerting.Alerts;

/// <summary>Bound from <c>Alerting:Smtp</c>. Email alerts are sent only when <see cref="Host"/> is set.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    /// <summary>Authenticates only when set.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender as an address with an optional display name: <c>BriWatch Alerts &lt;alerts@example.org&gt;</c>.</summary>
    public string From { get; set; } = "";

    /// <summary>How long one send (connect, authenticate, transfer) may take before it counts as failed and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A mailbox whose unsubscribe requests an operator handles; when set, <c>List-Unsubscribe</c> also offers a
    /// <c>mailto:</c> link. Left out otherwise, since a mailto nobody reads would silently lose unsubscribes.
    /// </summary>
    public string? UnsubscribeMailbox { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The parsed <see cref="From"/>; valid once <see cref="Validate"/> found no error.</summary>
    public MailboxAddress Sender => MailboxAddress.Parse(From);

    public IEnumerable<string> Validate(string section)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"{section}:Port must be between 1 and 65535 (got {Port}).";
        }

        if (!Enum.IsDefined(Security))
        {
            yield return $"{section}:Security must be None, StartTls, SslOnConnect or Auto (got {Security}).";
        }

        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return $"{section}:From must be an email address, optionally with a display name like 'BriWatch <alerts@example.org>' (got '{From}').";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return $"{section}:Timeout must be positive (got {Timeout}).";
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return $"{section}:Username and {section}:Password must be set together.";
        }

        if (UnsubscribeMailbox is not null && (!MailboxAddress.TryParse(UnsubscribeMailbox, out var mailbox) || !mailbox.Address.Contains('@', StringComparison.Ordinal)))
        {
            yield return $"{section}:UnsubscribeMailbox must be an email address (got '{UnsubscribeMailbox}').";
        }
    }
}
