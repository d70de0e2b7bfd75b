using BriWatch.Alerting.Alerts;

namespace BriWatch.Alerting.Tests;

public sealed class EmailOptionsTests
{
    private static AlertingOptions Valid() => new()
    {
        PublicBaseUrl = "https://briwatch.example.org",
        UnsubscribeSigningKey = "a-signing-key-of-at-least-32-characters",
        Smtp = new SmtpOptions { Host = "smtp.example.org", From = "BriWatch <alerts@example.org>" },
    };

    [Fact]
    public void Complete_email_settings_and_no_email_settings_are_both_valid()
    {
        Assert.Empty(Valid().Validate());
        Assert.Empty(new AlertingOptions().Validate());
    }

    [Fact]
    public void Each_bad_email_setting_is_named_in_its_own_error()
    {
        var options = Valid();
        options.PublicBaseUrl = null;
        options.UnsubscribeSigningKey = "short";
        options.Smtp.Port = 0;
        options.Smtp.From = "not an address";
        options.Smtp.Timeout = TimeSpan.Zero;
        options.Smtp.Username = "user";
        options.Smtp.Security = (SmtpSecurity)42;
        options.Smtp.UnsubscribeMailbox = "nobody";

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Alerting:PublicBaseUrl is required when Alerting:Smtp:Host is set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:UnsubscribeSigningKey must be at least 32 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:Port must be between 1 and 65535", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:From must be an email address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:Timeout must be positive", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:Username and Alerting:Smtp:Password must be set together", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:Security must be None, StartTls, SslOnConnect or Auto", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Smtp:UnsubscribeMailbox must be an email address", StringComparison.Ordinal));
    }

    [Fact]
    public void Email_without_an_unsubscribe_signing_key_is_an_error_since_there_is_no_default_key()
    {
        var options = Valid();
        options.UnsubscribeSigningKey = null;

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("Alerting:UnsubscribeSigningKey is required when Alerting:Smtp:Host is set", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_public_base_url_and_a_lease_shorter_than_the_SMTP_timeout_are_rejected()
    {
        var options = Valid();
        options.PublicBaseUrl = "/alerts";
        options.Smtp.Timeout = TimeSpan.FromMinutes(5);

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Alerting:PublicBaseUrl must be an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:ClaimLease (00:02:00) must exceed Alerting:Smtp:Timeout (00:05:00)", StringComparison.Ordinal));
    }
}
