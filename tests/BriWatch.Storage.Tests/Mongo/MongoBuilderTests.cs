using BriWatch.Storage.Articles;
using BriWatch.Storage.Deliveries;
using BriWatch.Storage.Mongo;
using BriWatch.Storage.Tests.Support;
using BriWatch.Storage.Sources;
using MongoDB.Bson;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Mongo;

/// <summary>The filters and updates the Mongo stores send, checked as BSON without a server.</summary>
public sealed class MongoBuilderTests
{
    private const string T0Json = """{ "$date" : "2026-03-01T08:00:00.123Z" }""";

    [Fact]
    public void Source_due_filter_matches_enabled_sources_due_by_now_that_no_crawl_holds()
    {
        Render.Is(
            $$"""
            { "enabled" : true, "nextAttemptAt" : { "$lte" : {{T0Json}} },
              "$or" : [{ "crawlClaimExpiresAt" : null }, { "crawlClaimExpiresAt" : { "$lte" : {{T0Json}} } }] }
            """,
            Render.Filter(MongoSourceStore.DueFilter(T0)));
    }

    [Fact]
    public void Source_claim_update_pushes_the_next_attempt_to_the_lease_end()
    {
        Render.Is(
            """{ "$set" : { "nextAttemptAt" : { "$date" : "2026-03-01T08:02:00.123Z" } } }""",
            Render.Update(MongoSourceStore.ClaimUpdate(T0.AddMinutes(2))));
    }

    [Fact]
    public void Source_add_missing_writes_fields_only_on_insert_and_leaves_the_id_to_the_filter()
    {
        var update = Render.Update(MongoSourceStore.InsertOnlyUpdate(Source("xinhua-en"), T0));

        Assert.Equal("$setOnInsert", update.Names.Single());
        var onInsert = update["$setOnInsert"].AsBsonDocument;
        Assert.False(onInsert.Contains("_id"));
        Assert.Equal("Source xinhua-en", onInsert["name"].AsString);
        Assert.Equal("Rss", onInsert["kind"].AsString);
        Assert.Equal(1_200_000, onInsert["pollIntervalMs"].AsInt64);
        Render.Is(
            """{ "options" : [{ "k" : "item.selector", "v" : "article > h2 a" }, { "k" : "encoding", "v" : "utf-8" }] }""",
            new BsonDocument("options", onInsert["options"]));
    }

    [Fact]
    public void Source_definition_update_sets_only_operator_fields()
    {
        var update = Render.Update(MongoSourceStore.DefinitionUpdate(Source("a"), T0));

        Assert.Equal(
            ["name", "url", "kind", "language", "country", "official", "enabled", "pollIntervalMs", "options", "updatedAt"],
            update["$set"].AsBsonDocument.Names);
        Render.Is(
            """{ "options" : [{ "k" : "item.selector", "v" : "article > h2 a" }, { "k" : "encoding", "v" : "utf-8" }] }""",
            new BsonDocument("options", update["$set"]["options"]));
    }

    [Fact]
    public void Source_success_update_resets_failures_and_touches_new_item_time_only_with_new_items()
    {
        var withItems = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0.AddMinutes(20), "e", null, 2)));
        var withoutItems = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0.AddMinutes(20), "e", null, 0)));

        Render.Is(
            $$"""
            { "$set" : { "lastFetchedAt" : {{T0Json}}, "lastSuccessAt" : {{T0Json}}, "nextAttemptAt" : { "$date" : "2026-03-01T08:20:00.123Z" },
              "etag" : "e", "lastModified" : null, "lastError" : null, "lastWarning" : null, "consecutiveFailures" : 0,
              "lastNewItemAt" : {{T0Json}}, "stale" : false } }
            """,
            withItems);
        Assert.False(withoutItems["$set"].AsBsonDocument.Contains("lastNewItemAt"));
    }

    [Fact]
    public void Source_success_update_sets_the_warning_so_a_clean_poll_clears_it()
    {
        var warned = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0, null, null, 0, "kept 3 recovered items")));
        var clean = Render.Update(MongoSourceStore.SuccessUpdate(new FetchSuccess(T0, T0, null, null, 0, null)));

        Assert.Equal("kept 3 recovered items", warned["$set"]["lastWarning"].AsString);
        Assert.Equal(BsonNull.Value, clean["$set"]["lastWarning"]);
    }

    [Fact]
    public void Source_failure_update_leaves_the_warning_alone()
    {
        var update = Render.Update(MongoSourceStore.FailureUpdate(new FetchFailure("HTTP 503", T0, T0)));

        Assert.False(update["$set"].AsBsonDocument.Contains("lastWarning"));
    }

    [Fact]
    public void Source_failure_update_increments_the_failure_count()
    {
        Render.Is(
            $$"""
            { "$set" : { "lastFetchedAt" : {{T0Json}}, "nextAttemptAt" : {{T0Json}}, "lastError" : "HTTP 503" },
              "$inc" : { "consecutiveFailures" : 1 } }
            """,
            Render.Update(MongoSourceStore.FailureUpdate(new FetchFailure("HTTP 503", T0, T0))));
    }

    [Fact]
    public void Source_stale_change_matches_only_a_differing_flag_and_the_last_new_item_time_seen()
    {
        Render.Is(
            $$"""{ "_id" : "a", "stale" : { "$ne" : true }, "lastNewItemAt" : {{T0Json}} }""",
            Render.Filter(MongoSourceStore.StaleChangeFilter("a", true, T0)));
        Render.Is(
            """{ "_id" : "a", "stale" : { "$ne" : false }, "lastNewItemAt" : null }""",
            Render.Filter(MongoSourceStore.StaleChangeFilter("a", false, null)));
        Render.Is("""{ "$set" : { "stale" : true } }""", Render.Update(MongoSourceStore.StaleUpdate(true)));
    }

    [Fact]
    public void Article_search_filter_renders_every_criterion()
    {
        var query = new ArticleQuery
        {
            Relevant = true,
            Topic = "rail",
            Country = "BR",
            SourceId = "xinhua-en",
            StoryId = "st",
            Language = "en",
            MinScore = 0.5,
            DiscoveredSince = T0,
            Text = "a.b (c)",
        };

        Render.Is(
            $$"""
            { "relevant" : true, "topics" : "rail", "countries" : "BR", "sourceId" : "xinhua-en", "storyId" : "st",
              "language" : "en", "score" : { "$gte" : 0.5 }, "discoveredAt" : { "$gte" : {{T0Json}} },
              "$or" : [{ "title" : { "$regularExpression" : { "pattern" : "a\\.b\\ \\(c\\)", "options" : "i" } } },
                       { "text" : { "$regularExpression" : { "pattern" : "a\\.b\\ \\(c\\)", "options" : "i" } } }] }
            """,
            Render.Filter(MongoArticleStore.SearchFilter(query)));
    }

    [Fact]
    public void Article_search_without_criteria_matches_everything_newest_first()
    {
        Render.Is("{ }", Render.Filter(MongoArticleStore.SearchFilter(new ArticleQuery())));
        Render.Is("""{ "discoveredAt" : -1, "_id" : -1 }""", Render.Sort(MongoArticleStore.Newest));
    }

    [Fact]
    public void Delivery_due_filter_matches_pending_deliveries_due_by_now_with_the_state_as_text()
    {
        Render.Is(
            $$"""{ "state" : "Pending", "nextAttemptAt" : { "$lte" : {{T0Json}} } }""",
            Render.Filter(MongoDeliveryStore.DueFilter(T0)));
    }

    [Fact]
    public void Delivery_list_filter_includes_only_the_given_criteria()
    {
        Render.Is("{ }", Render.Filter(MongoDeliveryStore.ListFilter(null, null)));
        Render.Is("""{ "subscriptionId" : "s1", "state" : "Dead" }""", Render.Filter(MongoDeliveryStore.ListFilter("s1", DeliveryState.Dead)));
    }

    [Fact]
    public void Delivery_attempt_update_stamps_delivery_time_only_on_success()
    {
        var delivered = Render.Update(MongoDeliveryStore.AttemptUpdate(new DeliveryAttempt("d", DeliveryState.Delivered, 2, T0, T0, null)));
        var failed = Render.Update(MongoDeliveryStore.AttemptUpdate(new DeliveryAttempt("d", DeliveryState.Failed, 2, T0, T0, "HTTP 410")));

        Render.Is(
            $$"""{ "$set" : { "state" : "Delivered", "attempts" : 2, "nextAttemptAt" : {{T0Json}}, "lastError" : null, "deliveredAt" : {{T0Json}} } }""",
            delivered);
        Render.Is(
            $$"""{ "$set" : { "state" : "Failed", "attempts" : 2, "nextAttemptAt" : {{T0Json}}, "lastError" : "HTTP 410" } }""",
            failed);
    }

    [Fact]
    public void Delivery_replay_update_makes_it_pending_now_with_attempts_and_claim_reset()
    {
        Render.Is(
            $$"""{ "$set" : { "state" : "Pending", "attempts" : 0, "nextAttemptAt" : {{T0Json}}, "lastError" : null, "deliveredAt" : null }, "$unset" : { "claimToken" : 1 } }""",
            Render.Update(MongoDeliveryStore.ReplayUpdate(T0)));
    }

    [Fact]
    public void Delivery_replay_filter_matches_only_finished_deliveries()
    {
        Render.Is(
            """{ "_id" : "d", "state" : { "$in" : ["Delivered", "Failed", "Dead"] } }""",
            Render.Filter(MongoDeliveryStore.ReplayFilter("d")));
    }

    [Fact]
    public void Delivery_claim_update_pushes_the_lease_and_sets_the_claim_token()
    {
        Render.Is(
            $$"""{ "$set" : { "nextAttemptAt" : {{T0Json}}, "claimToken" : "tok" } }""",
            Render.Update(MongoDeliveryStore.ClaimUpdate(T0, "tok")));
    }

    [Fact]
    public void Delivery_attempt_filter_requires_the_pending_claim_only_when_the_attempt_names_one()
    {
        Render.Is("""{ "_id" : "d" }""", Render.Filter(MongoDeliveryStore.AttemptFilter(new DeliveryAttempt("d", DeliveryState.Failed, 1, T0, T0, "x"))));
        Render.Is(
            """{ "_id" : "d", "claimToken" : "tok", "state" : "Pending" }""",
            Render.Filter(MongoDeliveryStore.AttemptFilter(new DeliveryAttempt("d", DeliveryState.Failed, 1, T0, T0, "x", ClaimToken: "tok"))));
    }

    [Fact]
    public void Delivery_attempt_update_moves_the_target_only_when_given()
    {
        Render.Is(
            $$"""{ "$set" : { "state" : "Pending", "attempts" : 1, "nextAttemptAt" : {{T0Json}}, "lastError" : "x", "target" : "https://new.example/hook" } }""",
            Render.Update(MongoDeliveryStore.AttemptUpdate(new DeliveryAttempt("d", DeliveryState.Pending, 1, T0, T0, "x", Target: "https://new.example/hook"))));
    }

    [Fact]
    public void Lease_filter_matches_only_when_ours_or_expired()
    {
        Render.Is(
            $$"""{ "_id" : "scheduler", "$or" : [{ "holder" : "pod-a" }, { "expiresAt" : { "$lte" : {{T0Json}} } }] }""",
            Render.Filter(MongoLeaseStore.AcquirableFilter("scheduler", "pod-a", T0)));
        Render.Is(
            """{ "$set" : { "holder" : "pod-a", "expiresAt" : { "$date" : "2026-03-01T08:00:30.123Z" } } }""",
            Render.Update(MongoLeaseStore.AcquireUpdate("pod-a", T0.AddSeconds(30))));
        Render.Is("""{ "_id" : "scheduler", "holder" : "pod-a" }""", Render.Filter(MongoLeaseStore.HeldBy("scheduler", "pod-a")));
    }

    [Fact]
    public void Daily_cap_places_are_keyed_by_subscription_day_and_place_and_looked_up_by_alert()
    {
        var count = MongoDailyCapStore.NewCount("s1", "2026-03-01", 3, "story-a|r2", T0);

        Assert.Equal("s1\n2026-03-01\n3", count.Id);
        Render.Is(
            """{ "subscriptionId" : "s1", "day" : "2026-03-01", "alertKey" : "story-a|r2" }""",
            Render.Filter(MongoDailyCapStore.AlertFilter("s1", "2026-03-01", "story-a|r2")));
        Render.Is("""{ "subscriptionId" : "s1", "day" : "2026-03-01" }""", Render.Filter(MongoDailyCapStore.DayFilter("s1", "2026-03-01")));
        Render.Is($$"""{ "countedAt" : { "$lt" : {{T0Json}} } }""", Render.Filter(MongoDailyCapStore.CountedBefore(T0)));
    }

    [Fact]
    public void Discovery_looks_keys_up_by_id_and_records_them_only_on_insert()
    {
        Render.Is("""{ "_id" : { "$in" : ["k1", "k2"] } }""", Render.Filter(MongoDiscoveryStore.AnyOf(["k1", "k2"])));
        Render.Is(
            $$"""{ "$setOnInsert" : { "articleId" : "a", "sourceId" : "s", "recordedAt" : {{T0Json}} } }""",
            Render.Update(MongoDiscoveryStore.InsertOnlyUpdate("a", "s", T0)));
    }

    [Fact]
    public void Story_band_filter_matches_any_band_since_the_given_time()
    {
        Render.Is(
            $$"""{ "bandKeys" : { "$in" : ["b1", "b2"] }, "at" : { "$gte" : {{T0Json}} } }""",
            Render.Filter(MongoStoryIndex.BandFilter(["b1", "b2"], T0)));
        Render.Is("""{ "at" : -1, "_id" : -1 }""", Render.Sort(MongoStoryIndex.Newest));
    }

    [Fact]
    public void Subscription_feed_lookup_matches_the_token_hash_exactly()
    {
        Render.Is("""{ "feedTokenHash" : "0a1b" }""", Render.Filter(MongoSubscriptionStore.ByFeedTokenHash("0a1b")));
        Render.Is(
            """{ "feedToken" : { "$exists" : true, "$ne" : null }, "feedTokenHash" : { "$exists" : false } }""",
            Render.Filter(MongoSubscriptionStore.UnhashedFeedTokenFilter));
    }

    [Fact]
    public void Subscription_feed_token_update_sets_only_the_token_its_hash_and_update_time()
    {
        Render.Is(
            $$"""{ "$set" : { "feedToken" : "new-token", "feedTokenHash" : "{{Storage.Subscriptions.Subscription.HashFeedToken("new-token")}}", "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoSubscriptionStore.FeedTokenUpdate("new-token", T0)));
    }

    [Fact]
    public void Subscription_secret_rotation_matches_the_secret_it_read_and_sets_only_the_secrets_and_update_time()
    {
        Render.Is(
            """{ "_id" : "s1", "webhook.secret" : "dp1:old" }""",
            Render.Filter(MongoSubscriptionStore.WebhookSecretStillFilter("s1", "dp1:old")));
        Render.Is(
            """{ "_id" : "s1", "webhook.secret" : "whsec_x", "webhook.previousSecret" : null }""",
            Render.Filter(MongoSubscriptionStore.WebhookSecretsStillFilter("s1", "whsec_x", null)));
        var rotated = new Storage.Subscriptions.StoredWebhook("https://a.example/h", "dp1:new", PreviousSecret: "dp1:old", PreviousSecretExpiresAt: T0.AddDays(1).ToUnixTimeMilliseconds());
        Render.Is(
            $$"""{ "$set" : { "webhook.secret" : "dp1:new", "webhook.previousSecret" : "dp1:old", "webhook.previousSecretExpiresAt" : { "$date" : "{{T0.AddDays(1).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}" }, "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoSubscriptionStore.RotateUpdate(rotated, T0)));
        Render.Is(
            """{ "$set" : { "webhook.secret" : "dp1:a", "webhook.previousSecret" : null } }""",
            Render.Update(MongoSubscriptionStore.SecureSecretsUpdate("dp1:a", null)));
    }

    [Fact]
    public void Subscription_secrets_in_clear_are_found_by_a_missing_encryption_marker_on_either_secret()
    {
        Render.Is(
            """
            { "webhook" : { "$ne" : null }, "$or" : [
                { "webhook.secret" : { "$not" : /^dp1:/ } },
                { "webhook.previousSecret" : { "$ne" : null, "$not" : /^dp1:/ } }] }
            """,
            Render.Filter(MongoSubscriptionStore.ClearSecretFilter));
    }

    [Fact]
    public void Subscription_update_sets_everything_but_the_id_and_creation_time()
    {
        var update = Render.Update(MongoSubscriptionStore.ReplaceUpdate(Subscription("s1") with { CreatedAt = T0.AddYears(-1) }, T0, TestSecrets.Protector));

        var set = update["$set"].AsBsonDocument;
        Assert.Equal("$set", update.Names.Single());
        Assert.False(set.Contains("_id"));
        Assert.False(set.Contains("createdAt"));
        Assert.Equal(T0.UtcDateTime, set["updatedAt"].ToUniversalTime());
        Assert.Equal("DigestDaily", set["mode"].AsString);
        Assert.False(set.Contains("feedToken"));
        Assert.False(set.Contains("feedTokenHash"));
        Assert.StartsWith(Storage.Subscriptions.WebhookSecretProtector.Marker, set["webhook"]["secret"].AsString, StringComparison.Ordinal);
        Render.Is("""{ "address" : "alice@example.org" }""", set["email"].AsBsonDocument);
    }

    [Fact]
    public void Subscription_webhook_disable_matches_only_the_same_enabled_url_and_sets_only_the_flag()
    {
        Render.Is(
            """{ "_id" : "s1", "webhook.url" : "https://a.example/h", "webhook.disabled" : false }""",
            Render.Filter(MongoSubscriptionStore.WebhookStillFilter("s1", "https://a.example/h")));
        Render.Is(
            $$"""{ "$set" : { "webhook.disabled" : true, "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoSubscriptionStore.DisableWebhookUpdate(T0)));
    }

    [Fact]
    public void Subscription_is_disabled_for_lack_of_a_channel_only_when_enabled_without_email_and_without_a_usable_webhook()
    {
        Render.Is(
            """{ "_id" : "s1", "enabled" : true, "email" : null, "$or" : [{ "webhook" : null }, { "webhook.disabled" : true }] }""",
            Render.Filter(MongoSubscriptionStore.NoUsableChannelFilter("s1")));
        Render.Is(
            $$"""{ "$set" : { "enabled" : false, "disabledReason" : "why", "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoSubscriptionStore.DisableUpdate("why", T0)));
        Render.Is(
            $$"""{ "$set" : { "email" : null, "updatedAt" : {{T0Json}} } }""",
            Render.Update(MongoSubscriptionStore.RemoveEmailUpdate(T0)));
    }
}
