namespace BriWatch.Alerting.Alerts;

/// <summary>How the SMTP connection is secured (<c>Alerting:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>MailKit's choice: implicit TLS on port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,
    /// <summary>Plain text; only for a relay on loopback or a trusted network.</summary>
    None,
    /// <summary>Upgrade with STARTTLS and refuse to send when the server does not offer it.</summary>
    StartTls,
    /// <summary>Implicit TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
