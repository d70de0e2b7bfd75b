using System.Text.Json.Nodes;
using BriWatch.Storage.Audit;
using BriWatch.Storage.Identity;

namespace BriWatch.Storage.Tests.Identity;

public sealed class AuditSnapshotTests
{
    [Fact]
    public void Secret_named_properties_are_dropped_at_any_depth_and_the_rest_kept()
    {
        var snapshot = AuditSnapshot.Of(new
        {
            Id = "sub_1",
            Owner = "alice",
            FeedToken = "ft_abc",
            Webhook = new { Url = "https://example.org/hook", Secret = "whsec_abc", SigningSecrets = new[] { "whsec_old" } },
            Channels = new object[] { new { Kind = "email", UnsubscribeToken = "u_abc" } },
            Password = "hunter2",
            ApiKeyHash = "00ff",
            Client_Credentials = "x",
            Name = "EV in Brazil",
        });

        var json = JsonNode.Parse(snapshot!)!;
        Assert.Equal(
            """{"id":"sub_1","owner":"alice","webhook":{"url":"https://example.org/hook"},"channels":[{"kind":"email"}],"name":"EV in Brazil"}""",
            json.ToJsonString());
    }

    [Fact]
    public void A_stored_api_key_snapshot_keeps_prefix_owner_and_scopes_but_not_the_hash()
    {
        var generated = ApiKeys.Generate();
        var key = new ApiKey { Prefix = generated.Prefix, OwnerId = "alice", SecretHash = generated.SecretHash, Scopes = ApiKeyScopes.Read };

        var snapshot = AuditSnapshot.Of(key)!;

        Assert.DoesNotContain(generated.SecretHash, snapshot, StringComparison.Ordinal);
        Assert.Contains(generated.Prefix, snapshot, StringComparison.Ordinal);
        Assert.Contains("\"ownerId\":\"alice\"", snapshot, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret", true)]
    [InlineData("webhookSecret", true)]
    [InlineData("feed_token", true)]
    [InlineData("PASSWORD", true)]
    [InlineData("secret_hash", true)]
    [InlineData("private-key", true)]
    [InlineData("url", false)]
    [InlineData("owner", false)]
    [InlineData("scopes", false)]
    public void Names_that_speak_of_secrets_are_recognised(string name, bool secret)
    {
        Assert.Equal(secret, AuditSnapshot.IsSecretName(name));
    }

    [Fact]
    public void Null_stays_null()
    {
        Assert.Null(AuditSnapshot.Of<object>(null));
    }
}
