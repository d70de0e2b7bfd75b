using BriWatch.Alerting.Channels.Webhooks;
using BriWatch.Alerting.Tests.Infrastructure;

namespace BriWatch.Alerting.Tests;

public sealed class WebhookSignatureTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void Signs_the_Standard_Webhooks_reference_vector()
    {
        var signature = WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Signature_agrees_with_an_independent_implementation()
    {
        var secret = WebhookSecret.Generate();
        var signature = WebhookSignature.Sign(secret, "dlv_1", 1700000000, "{\"a\":\"é\"}");

        Assert.True(IndependentSignature.IsValid(secret, "dlv_1", "1700000000", "{\"a\":\"é\"}", signature));
    }

    [Fact]
    public void Verify_accepts_a_valid_signature_among_several()
    {
        var secret = WebhookSecret.Generate();
        var header = "v1,bm90IGl0 " + WebhookSignature.Sign(secret, "id", Now.ToUnixTimeSeconds(), "body");

        Assert.Null(WebhookSignature.Verify(secret, "id", "1614265330", "body", header, Now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_rejects_a_changed_body_another_secret_and_a_stale_timestamp()
    {
        var secret = WebhookSecret.Generate();
        var header = WebhookSignature.Sign(secret, "id", Now.ToUnixTimeSeconds(), "body");

        Assert.NotNull(WebhookSignature.Verify(secret, "id", "1614265330", "body!", header, Now, WebhookSignature.DefaultTolerance));
        Assert.NotNull(WebhookSignature.Verify(WebhookSecret.Generate(), "id", "1614265330", "body", header, Now, WebhookSignature.DefaultTolerance));
        Assert.Contains("away from now", WebhookSignature.Verify(secret, "id", "1614265330", "body", header, Now.AddMinutes(6), WebhookSignature.DefaultTolerance), StringComparison.Ordinal);
        Assert.Contains("not unix seconds", WebhookSignature.Verify(secret, "id", "soon", "body", header, Now, WebhookSignature.DefaultTolerance), StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_secret_is_whsec_and_24_random_bytes()
    {
        var secret = WebhookSecret.Generate();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(24, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.Null(WebhookSecret.Validate(secret));
        Assert.NotEqual(secret, WebhookSecret.Generate());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_not*base64", "not valid base64")]
    [InlineData("whsec_c2hvcnQ=", "decodes to 5 bytes")]
    public void Malformed_secret_is_explained(string secret, string expected)
    {
        Assert.Contains(expected, WebhookSecret.Validate(secret), StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<FormatException>(() => WebhookSignature.Sign(secret, "id", 1, "b")).Message, StringComparison.Ordinal);
    }
}
