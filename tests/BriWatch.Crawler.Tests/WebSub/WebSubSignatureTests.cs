using System.Security.Cryptography;
using System.Text;
using BriWatch.Crawler.WebSub;

namespace BriWatch.Crawler.Tests.WebSub;

public sealed class WebSubSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("<feed/>");
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("s3cret");

    [Fact]
    public void Accepts_sha1_and_sha256_signatures_of_the_body_in_either_case()
    {
#pragma warning disable CA5350 // Hubs may sign with sha1; the test signs as such a hub would.
        Assert.Null(WebSubSignature.Check("sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Key, Body)), "s3cret", Body));
#pragma warning restore CA5350
        Assert.Null(WebSubSignature.Check("sha256=" + Convert.ToHexString(HMACSHA256.HashData(Key, Body)), "s3cret", Body));
        Assert.Null(WebSubSignature.Check("SHA512=" + Convert.ToHexStringLower(HMACSHA512.HashData(Key, Body)), "s3cret", Body));
    }

    [Theory]
    [InlineData(null, "no X-Hub-Signature header")]
    [InlineData("sha256", "is not method=signature")]
    [InlineData("md5=00", "method 'md5' is not supported")]
    [InlineData("sha256=xyz", "not hexadecimal")]
    [InlineData("sha256=00ff", "does not match")]
    public void Rejects_missing_malformed_unsupported_and_wrong_signatures_saying_why(string? header, string why)
    {
        Assert.Contains(why, WebSubSignature.Check(header, "s3cret", Body), StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_under_another_secret_or_of_another_body_does_not_match()
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Key, Body));

        Assert.NotNull(WebSubSignature.Check(signature, "other", Body));
        Assert.NotNull(WebSubSignature.Check(signature, "s3cret", Encoding.UTF8.GetBytes("<feed />")));
    }
}
