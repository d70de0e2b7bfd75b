using System.Net;
using BriWatch.Crawler.Fetching;
using BriWatch.Crawler.Tests.Support;
using BriWatch.Crawler.WebSub;
using BriWatch.Storage.WebSub;
using Microsoft.Extensions.Options;

namespace BriWatch.Crawler.Tests.WebSub;

/// <summary>Subscribe, verify, push, deny and renew against a WebSub hub on loopback, with the crawler's callback on Kestrel.</summary>
public sealed class WebSubFlowTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_poll_that_finds_a_hub_subscribes_with_a_secret_and_answers_the_verification()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);

        await crawler.PollAsync("hubbed");
        var verification = await hub.NextVerificationAsync();

        var request = Assert.Single(hub.Requests);
        Assert.Equal("subscribe", request.Mode);
        Assert.Equal(hub.FeedUrl.AbsoluteUri, request.Topic);
        Assert.StartsWith(new Uri(crawler.BaseUri, "websub/").AbsoluteUri, request.Callback.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(64, request.Secret.Length);
        Assert.Equal(7 * 24 * 3600, request.LeaseSeconds);
        Assert.Equal(HttpStatusCode.OK, verification.Status);
        Assert.True(verification.Echoed);
        var stored = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        Assert.Equal(WebSubState.Active, stored!.State);
        Assert.Equal(request.Secret, stored.Secret);
        Assert.Equal(crawler.Time.GetUtcNow() + hub.GrantedLease, stored.LeaseExpiresAt);
    }

    [Fact]
    public async Task An_html_source_subscribes_to_the_hub_of_the_feed_it_advertises_not_the_page()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.PageAdvertisesHub = true;
        await using var crawler = await WebSubCrawler.StartAsync();
        hub.Entries.Add(("urn:a", "Advertised item"));
        await crawler.AddSourceAsync("portal", hub.PageUrl);

        await crawler.PollAsync("portal");
        var verification = await hub.NextVerificationAsync();

        Assert.Equal(["Advertised item"], crawler.Discovered("portal").Select(d => d.Title));
        var request = Assert.Single(hub.Requests);
        Assert.Equal(hub.FeedUrl.AbsoluteUri, request.Topic);
        Assert.True(verification.Echoed);
        var stored = await crawler.Subscriptions.GetBySourceAsync("portal", Ct);
        Assert.Equal(hub.HubUrl.AbsoluteUri, stored!.Hub);
        Assert.Equal(hub.FeedUrl.AbsoluteUri, stored.Topic);
        Assert.Equal(WebSubState.Active, stored.State);
    }

    [Fact]
    public async Task An_html_source_whose_feed_names_no_hub_falls_back_to_the_hub_on_the_page()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.PageFeedUrl = hub.BareFeedUrl;
        hub.PageAdvertisesHub = true;
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("portal", hub.PageUrl);

        await crawler.PollAsync("portal");
        await hub.NextVerificationAsync();

        Assert.Equal(hub.PageUrl.AbsoluteUri, Assert.Single(hub.Requests).Topic);
    }

    [Fact]
    public async Task An_html_source_without_a_hub_anywhere_does_not_subscribe()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.PageFeedUrl = hub.BareFeedUrl;
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("portal", hub.PageUrl);

        var source = await crawler.PollAsync("portal");

        Assert.Null(source.Crawl.LastError);
        Assert.Empty(hub.Requests);
        Assert.Null(await crawler.Subscriptions.GetBySourceAsync("portal", Ct));
    }

    [Fact]
    public async Task While_the_subscription_is_live_polling_slows_to_the_backup_interval_and_does_not_resubscribe()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        await hub.NextVerificationAsync();

        crawler.Time.Advance(TimeSpan.FromMinutes(10));
        var source = await crawler.PollAsync("hubbed");

        Assert.Equal(crawler.Time.GetUtcNow() + crawler.Options.WebSub.BackupPollInterval, source.Crawl.NextAttemptAt);
        Assert.Single(hub.Requests);
    }

    [Fact]
    public async Task A_signed_push_announces_only_the_new_item_and_an_identical_push_announces_nothing()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        hub.Entries.Add(("urn:a", "Polled item"));
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;
        hub.Entries.Insert(0, ("urn:b", "Pushed item"));

        using var first = await hub.PublishAsync(subscription);
        Assert.True(await crawler.Bus.Published.Any<BriWatch.Contracts.ArticleDiscovered>(m => m.Context.Message.Title == "Pushed item", Ct));
        using var second = await hub.PublishAsync(subscription);

        Assert.True(first.IsSuccessStatusCode);
        Assert.True(second.IsSuccessStatusCode);
        Assert.Equal(["Polled item", "Pushed item"], crawler.Discovered("hubbed").Select(d => d.Title));
        var pushed = crawler.Discovered("hubbed")[1];
        Assert.Equal("https://news.example.org/urn:b", pushed.CanonicalUrl);
        Assert.Equal("About Pushed item", pushed.Text);
    }

    [Fact]
    public async Task A_push_with_a_bad_signature_is_acknowledged_and_ignored()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;
        hub.Entries.Add(("urn:forged", "Forged item"));

        using var forged = await hub.PublishAsync(subscription, LoopbackHub.Sign("not the secret", "x"u8.ToArray()));
        using var unsigned = await hub.PublishAsync(subscription, "sha256=zz");
        using var genuine = await hub.PublishAsync(subscription);

        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, genuine.StatusCode);
        // Had a forged push been processed, the genuine one would have found the item known and announced nothing.
        Assert.True(await crawler.Bus.Published.Any<BriWatch.Contracts.ArticleDiscovered>(m => m.Context.Message.Title == "Forged item", Ct));
        Assert.Single(crawler.Discovered("hubbed"));
    }

    [Fact]
    public async Task A_denial_from_the_hub_is_recorded_and_a_later_verification_is_refused()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;

        using var denial = await hub.DenyAsync(subscription, "topic not allowed");
        using var http = new HttpClient();
        using var verification = await http.GetAsync(
            LoopbackHub.With(subscription.Callback, ("hub.mode", "subscribe"), ("hub.topic", subscription.Topic), ("hub.challenge", "c1"), ("hub.lease_seconds", "60")), Ct);

        Assert.Equal(HttpStatusCode.OK, denial.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, verification.StatusCode);
        var stored = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        Assert.Equal(WebSubState.Denied, stored!.State);
        Assert.Equal("topic not allowed", stored.DeniedReason);
        Assert.Equal($"hub {hub.HubUrl.AbsoluteUri} denied the subscription to {subscription.Topic}: topic not allowed", stored.LastError);
        Assert.Equal(crawler.Time.GetUtcNow(), stored.LastErrorAt);
    }

    [Fact]
    public async Task A_push_with_a_bad_signature_is_recorded_as_a_signature_problem_until_a_renewal_is_verified()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.GrantedLease = TimeSpan.FromHours(1);
        await using var crawler = await WebSubCrawler.StartAsync(o => o.WebSub.RenewBefore = TimeSpan.FromMinutes(10));
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;

        using var forged = await hub.PublishAsync(subscription, LoopbackHub.Sign("not the secret", "x"u8.ToArray()));
        var rejected = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        crawler.Time.Advance(TimeSpan.FromMinutes(50));
        await crawler.RenewLeasesAsync();
        var renewal = await hub.NextVerificationAsync();
        var renewed = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);

        // The answer is unchanged: 2xx-and-ignore, so a forger learns nothing from it.
        Assert.Equal(HttpStatusCode.Accepted, forged.StatusCode);
        Assert.StartsWith("push rejected: bad signature: ", rejected!.LastError, StringComparison.Ordinal);
        Assert.Contains("does not match", rejected.LastError, StringComparison.Ordinal);
        Assert.Equal(CrawlerHarness.Start, rejected.LastErrorAt);
        Assert.Equal(WebSubState.Active, rejected.State);
        Assert.True(renewal.Echoed);
        Assert.Null(renewed!.LastError);
        Assert.Null(renewed.LastErrorAt);
    }

    [Fact]
    public async Task A_hub_refusing_the_request_is_recorded_and_a_later_verified_request_clears_it()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.Refusal = HttpStatusCode.BadRequest;
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);

        var polled = await crawler.PollAsync("hubbed");
        var refused = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        hub.Refusal = null;
        crawler.Time.Advance(crawler.Options.WebSub.RetryInterval);
        await crawler.PollAsync("hubbed");
        var verification = await hub.NextVerificationAsync();
        var verified = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);

        Assert.Null(polled.Crawl.LastError);
        Assert.Equal(WebSubState.Pending, refused!.State);
        Assert.Equal(
            $"subscription request to hub {hub.HubUrl.AbsoluteUri} for {hub.FeedUrl.AbsoluteUri} failed, retried later: hub answered HTTP 400: topic not served here",
            refused.LastError);
        Assert.Equal(CrawlerHarness.Start, refused.LastErrorAt);
        Assert.True(verification.Echoed);
        Assert.Equal(WebSubState.Active, verified!.State);
        Assert.Null(verified.LastError);
    }

    [Fact]
    public async Task A_refused_renewal_is_recorded_and_the_subscription_stays_active()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.GrantedLease = TimeSpan.FromHours(1);
        await using var crawler = await WebSubCrawler.StartAsync(o => o.WebSub.RenewBefore = TimeSpan.FromMinutes(10));
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        await hub.NextVerificationAsync();

        hub.Refusal = HttpStatusCode.ServiceUnavailable;
        crawler.Time.Advance(TimeSpan.FromMinutes(50));
        await crawler.RenewLeasesAsync();

        var stored = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        Assert.Equal(WebSubState.Active, stored!.State);
        Assert.StartsWith($"renewing the lease at hub {hub.HubUrl.AbsoluteUri} failed, retried at ", stored.LastError, StringComparison.Ordinal);
        Assert.EndsWith("hub answered HTTP 503: topic not served here", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(crawler.Time.GetUtcNow(), stored.LastErrorAt);
    }

    [Fact]
    public async Task Unreadable_and_recovered_pushes_are_recorded_and_a_clean_push_clears_them()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;

        using var unreadable = await hub.PublishAsync(subscription, content: "this is not a feed");
        var afterUnreadable = (await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct))!.LastError;
        hub.Entries.Add(("urn:recovered", "Recovered item"));
        var truncated = hub.Feed();
        using var recovered = await hub.PublishAsync(subscription, content: truncated[..truncated.LastIndexOf("</feed>", StringComparison.Ordinal)]);
        var afterRecovered = (await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct))!.LastError;
        using var clean = await hub.PublishAsync(subscription);
        var afterClean = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.StartsWith("push not readable: ", afterUnreadable, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, recovered.StatusCode);
        Assert.StartsWith("push not readable: ", afterRecovered, StringComparison.Ordinal);
        Assert.EndsWith("; kept 1 recovered item", afterRecovered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, clean.StatusCode);
        Assert.Null(afterClean!.LastError);
        Assert.Contains(crawler.Discovered("hubbed"), a => a.Title == "Recovered item");
    }

    [Fact]
    public async Task Leases_are_renewed_before_they_expire_and_not_earlier()
    {
        await using var hub = await LoopbackHub.StartAsync();
        hub.GrantedLease = TimeSpan.FromHours(1);
        await using var crawler = await WebSubCrawler.StartAsync(o => o.WebSub.RenewBefore = TimeSpan.FromMinutes(10));
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var first = (await hub.NextVerificationAsync()).Request;

        crawler.Time.Advance(TimeSpan.FromMinutes(49));
        await crawler.RenewLeasesAsync();
        Assert.Single(hub.Requests);

        crawler.Time.Advance(TimeSpan.FromMinutes(1));
        await crawler.RenewLeasesAsync();
        var renewal = await hub.NextVerificationAsync();

        Assert.Equal(2, hub.Requests.Count);
        Assert.Equal(first.Callback, renewal.Request.Callback);
        Assert.Equal(first.Secret, renewal.Request.Secret);
        Assert.True(renewal.Echoed);
        var stored = await crawler.Subscriptions.GetBySourceAsync("hubbed", Ct);
        Assert.Equal(crawler.Time.GetUtcNow() + TimeSpan.FromHours(1), stored!.LeaseExpiresAt);
    }

    [Fact]
    public async Task Unknown_callback_tokens_and_mismatched_topics_get_404_and_bad_verifications_get_400()
    {
        await using var hub = await LoopbackHub.StartAsync();
        await using var crawler = await WebSubCrawler.StartAsync();
        await crawler.AddSourceAsync("hubbed", hub.FeedUrl);
        await crawler.PollAsync("hubbed");
        var subscription = (await hub.NextVerificationAsync()).Request;
        using var http = new HttpClient();
        var unknown = new Uri(crawler.BaseUri, "websub/no-such-token");

        using var unknownGet = await http.GetAsync(LoopbackHub.With(unknown, ("hub.mode", "subscribe"), ("hub.topic", subscription.Topic), ("hub.challenge", "c")), Ct);
        using var unknownPost = await http.PostAsync(unknown, new StringContent(hub.Feed()), Ct);
        using var otherTopic = await http.GetAsync(LoopbackHub.With(subscription.Callback, ("hub.mode", "subscribe"), ("hub.topic", "https://elsewhere.example.org/feed"), ("hub.challenge", "c")), Ct);
        using var unsubscribe = await http.GetAsync(LoopbackHub.With(subscription.Callback, ("hub.mode", "unsubscribe"), ("hub.topic", subscription.Topic), ("hub.challenge", "c")), Ct);
        using var badLease = await http.GetAsync(LoopbackHub.With(subscription.Callback, ("hub.mode", "subscribe"), ("hub.topic", subscription.Topic), ("hub.challenge", "c"), ("hub.lease_seconds", "soon")), Ct);
        using var noMode = await http.GetAsync(subscription.Callback, Ct);

        Assert.Equal(HttpStatusCode.NotFound, unknownGet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPost.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherTopic.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unsubscribe.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLease.StatusCode);
        Assert.Contains("hub.lease_seconds", await badLease.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noMode.StatusCode);
    }

    [Fact]
    public async Task The_hub_request_goes_through_the_ssrf_guard()
    {
        await using var hub = await LoopbackHub.StartAsync();
        var options = new CrawlerOptions { AllowPrivateNetworks = false, WebSub = { CallbackBaseUrl = "https://briwatch.example.org/" } };
        using var http = new HttpClient(FeedFetcher.CreateHandler(options));
        var client = new WebSubHubClient(http, Options.Create(options), TimeProvider.System);
        var subscription = new WebSubSubscription("s", hub.HubUrl.AbsoluteUri, hub.FeedUrl.AbsoluteUri, "secret", "token", WebSubState.Pending, null, null, null, default, default);

        var error = await client.SubscribeAsync(subscription, Ct);

        Assert.Contains("refused: 127.0.0.1 resolves to non-public address", error, StringComparison.Ordinal);
        Assert.Empty(hub.Requests);
    }
}
