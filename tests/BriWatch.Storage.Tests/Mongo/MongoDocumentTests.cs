using BriWatch.Storage.Articles;
using BriWatch.Storage.Mongo.Documents;
using BriWatch.Storage.Sources;
using BriWatch.Storage.Stories;
using BriWatch.Storage.Subscriptions;
using BriWatch.Storage.Tests.Support;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>Models survive model → document → BSON → document → model, with no server.</summary>
public sealed class MongoDocumentTests
{
    [Fact]
    public void Source_round_trips_through_bson()
    {
        var source = Source("xinhua-en") with
        {
            Crawl = new SourceCrawlState { NextAttemptAt = T0, LastFetchedAt = T0.AddMinutes(-1), LastError = "x", LastWarning = "w", ConsecutiveFailures = 3, ETag = "e", Stale = true },
        };

        var bson = SourceDocument.From(source, T0).ToBsonDocument();

        Assert.Equal("xinhua-en", bson["_id"].AsString);
        Same.Value(source, BsonSerializer.Deserialize<SourceDocument>(bson).ToModel());
    }

    [Fact]
    public void Source_stored_before_warnings_existed_loads_without_one()
    {
        var bson = SourceDocument.From(Source("xinhua-en"), T0).ToBsonDocument();
        bson.Remove("lastWarning");

        Assert.Null(BsonSerializer.Deserialize<SourceDocument>(bson).ToModel().Crawl.LastWarning);
    }

    [Fact]
    public void Article_round_trips_through_bson()
    {
        var article = Article("a1", T0);
        var bare = new Article { Id = "bare", SourceId = "s", Url = "u", Title = "t", StoryId = "st" };

        Same.Value(article, BsonSerializer.Deserialize<ArticleDocument>(ArticleDocument.From(article).ToBsonDocument()).ToModel());
        Same.Value(bare, BsonSerializer.Deserialize<ArticleDocument>(ArticleDocument.From(bare).ToBsonDocument()).ToModel());
    }

    [Fact]
    public void Article_stored_before_amounts_existed_loads_with_none()
    {
        var bson = ArticleDocument.From(Article("a1", T0)).ToBsonDocument();
        bson.Remove("amounts");

        var loaded = BsonSerializer.Deserialize<ArticleDocument>(bson).ToModel();

        Assert.Empty(loaded.Amounts);
        Assert.Equal(1_250_000_000, loaded.AmountUsd);
    }

    [Fact]
    public void Subscription_round_trips_through_bson_with_and_without_channels()
    {
        var full = Subscription("s1") with { CreatedAt = T0, UpdatedAt = T0.AddMinutes(1) };
        var bare = full with { Webhook = null, Email = null, Query = null };

        Same.Value(full, BsonSerializer.Deserialize<SubscriptionDocument>(SubscriptionDocument.From(full, TestSecrets.Protector).ToBsonDocument()).ToModel(TestSecrets.Protector));
        Same.Value(bare, BsonSerializer.Deserialize<SubscriptionDocument>(SubscriptionDocument.From(bare, TestSecrets.Protector).ToBsonDocument()).ToModel(TestSecrets.Protector));
    }

    [Fact]
    public void Subscription_webhook_secrets_are_encrypted_in_bson_and_read_back_in_clear()
    {
        var webhook = new WebhookChannel("https://hooks.example.org/s1", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        {
            PreviousSecret = "whsec_bmV3LXNlY3JldC0yNC1ieXRlcy1sb25n",
            PreviousSecretExpiresAt = T0.AddDays(1),
        };
        var subscription = Subscription("s1") with { Webhook = webhook, CreatedAt = T0, UpdatedAt = T0 };

        var bson = SubscriptionDocument.From(subscription, TestSecrets.Protector).ToBsonDocument();

        var stored = bson["webhook"].AsBsonDocument;
        Assert.StartsWith(WebhookSecretProtector.Marker, stored["secret"].AsString, StringComparison.Ordinal);
        Assert.StartsWith(WebhookSecretProtector.Marker, stored["previousSecret"].AsString, StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", bson.ToJson(), StringComparison.Ordinal);
        Assert.Equal(Storage.Subscriptions.Subscription.HashFeedToken("feed-token-s1"), bson["feedTokenHash"].AsString);
        Same.Value(subscription, BsonSerializer.Deserialize<SubscriptionDocument>(bson).ToModel(TestSecrets.Protector));
    }

    [Fact]
    public void Subscription_webhook_stored_in_clear_by_an_older_version_loads_and_one_from_a_lost_key_ring_says_why()
    {
        var old = SubscriptionDocument.From(Subscription("s1"), TestSecrets.Protector).ToBsonDocument();
        old["webhook"] = new BsonDocument { { "url", "https://hooks.example.org/s1" }, { "secret", "whsec_c2VjcmV0" }, { "format", "standard" }, { "disabled", false } };
        var foreign = SubscriptionDocument.From(Subscription("s2"), TestSecrets.OtherKeyRing()).ToBsonDocument();

        var fromClear = BsonSerializer.Deserialize<SubscriptionDocument>(old).ToModel(TestSecrets.Protector).Webhook!;
        var fromLost = BsonSerializer.Deserialize<SubscriptionDocument>(foreign).ToModel(TestSecrets.Protector).Webhook!;

        Assert.Equal(new WebhookChannel("https://hooks.example.org/s1", "whsec_c2VjcmV0"), fromClear);
        Assert.Equal("", fromLost.Secret);
        Assert.Contains("DataProtection:KeyRingPath", fromLost.SecretUnreadable, StringComparison.Ordinal);
    }

    [Fact]
    public void Subscription_without_a_feed_token_leaves_the_field_out_and_still_loads()
    {
        var legacy = Subscription("s1") with { CreatedAt = T0, UpdatedAt = T0, FeedToken = null };

        var bson = SubscriptionDocument.From(legacy, TestSecrets.Protector).ToBsonDocument();

        // A stored null would be indexed by the sparse unique index, so two tokenless subscriptions would collide.
        Assert.False(bson.Contains("feedToken"));
        Assert.False(bson.Contains("feedTokenHash"));
        Same.Value(legacy, BsonSerializer.Deserialize<SubscriptionDocument>(bson).ToModel(TestSecrets.Protector));
        Assert.Equal("feed-token-s1", SubscriptionDocument.From(Subscription("s1"), TestSecrets.Protector).ToBsonDocument()["feedToken"].AsString);
    }

    [Fact]
    public void Delivery_round_trips_through_bson_with_its_state_and_kind_as_text()
    {
        var delivery = Delivery("d1") with
        {
            Kind = Deliveries.DeliveryKind.Digest,
            State = Deliveries.DeliveryState.Delivered, DeliveredAt = T0.AddSeconds(1), LastError = "e", Attempts = 4,
            Revision = "r1", Stage = "financed", AmountUsd = 2.5e9,
        };

        var bson = DeliveryDocument.From(delivery).ToBsonDocument();

        Assert.Equal("Delivered", bson["state"].AsString);
        Assert.Equal("Digest", bson["kind"].AsString);
        Same.Value(delivery, BsonSerializer.Deserialize<DeliveryDocument>(bson).ToModel());
    }

    [Fact]
    public void Delivery_stored_before_kinds_reads_as_an_alert()
    {
        var bson = DeliveryDocument.From(Delivery("d1")).ToBsonDocument();
        bson.Remove("kind");

        Assert.Equal(Deliveries.DeliveryKind.Alert, BsonSerializer.Deserialize<DeliveryDocument>(bson).ToModel().Kind);
    }

    [Fact]
    public void Story_fingerprint_keeps_unsigned_values_above_the_signed_range()
    {
        var fingerprint = new StoryFingerprint("a1", "story", [0UL, 1UL, (1UL << 63) + 5, ulong.MaxValue], ["b1", "b2"], T0);

        var bson = StoryFingerprintDocument.From(fingerprint, fingerprint.BandKeys).ToBsonDocument();

        Same.Value(fingerprint, BsonSerializer.Deserialize<StoryFingerprintDocument>(bson).ToModel());
    }

    [Fact]
    public void Times_keep_millisecond_precision_in_utc()
    {
        var local = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 456, TimeSpan.FromHours(4));
        var source = Source("a") with { CreatedAt = local, UpdatedAt = local };

        var back = BsonSerializer.Deserialize<SourceDocument>(SourceDocument.From(source, T0).ToBsonDocument()).ToModel();

        Assert.Equal(local, back.CreatedAt);
        Assert.Equal(TimeSpan.Zero, back.CreatedAt.Offset);
    }
}
