using BriWatch.Storage.WebSub;
using static BriWatch.Storage.Tests.Support.TestData;

namespace BriWatch.Storage.Tests.Contract;

/// <summary>Behaviour every provider's <see cref="IWebSubSubscriptionStore"/> shares; each provider derives one class.</summary>
public abstract class WebSubSubscriptionStoreContract : IAsyncLifetime
{
    private IWebSubSubscriptionStore? store;
    private string? skipReason;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected IWebSubSubscriptionStore Store
    {
        get
        {
            if (skipReason is not null)
            {
                Assert.Skip(skipReason);
            }

            return store ?? throw new InvalidOperationException("The store was not created.");
        }
    }

    public async ValueTask InitializeAsync()
    {
        skipReason = UnavailableReason();
        if (skipReason is null)
        {
            store = await CreateStoreAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await DestroyStoreAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected virtual string? UnavailableReason() => null;

    protected abstract Task<IWebSubSubscriptionStore> CreateStoreAsync();

    protected abstract Task DestroyStoreAsync();

    [Fact]
    public async Task A_requested_subscription_is_found_pending_by_source_and_by_token()
    {
        var request = Request("src-1", "token-1");

        await Store.SaveRequestAsync(request, Ct);

        Assert.Equal(request, await Store.GetBySourceAsync("src-1", Ct));
        Assert.Equal(request, await Store.GetByTokenAsync("token-1", Ct));
        Assert.Null(await Store.GetBySourceAsync("src-2", Ct));
        Assert.Null(await Store.GetByTokenAsync("token-2", Ct));
    }

    [Fact]
    public async Task A_new_request_replaces_the_sources_previous_subscription_and_its_token()
    {
        await Store.SaveRequestAsync(Request("src-1", "old-token"), Ct);
        await Store.ActivateAsync("old-token", T0.AddDays(7), T0.AddDays(6), T0, Ct);

        var renewed = Request("src-1", "new-token", "https://hub2.example.org/", T0.AddHours(1));
        await Store.SaveRequestAsync(renewed, Ct);

        Assert.Equal(renewed, await Store.GetBySourceAsync("src-1", Ct));
        Assert.Null(await Store.GetByTokenAsync("old-token", Ct));
    }

    [Fact]
    public async Task Verification_activates_with_the_granted_lease_and_renewal_time()
    {
        await Store.SaveRequestAsync(Request("src-1", "token-1"), Ct);

        Assert.True(await Store.ActivateAsync("token-1", T0.AddDays(7), T0.AddDays(6), T0.AddSeconds(5), Ct));

        var active = await Store.GetByTokenAsync("token-1", Ct);
        Assert.Equal(WebSubState.Active, active!.State);
        Assert.Equal(T0.AddDays(7), active.LeaseExpiresAt);
        Assert.Equal(T0.AddDays(6), active.RenewAt);
        Assert.Equal(T0.AddSeconds(5), active.UpdatedAt);
        Assert.True(active.IsLive(T0.AddDays(1)));
        Assert.False(active.IsLive(T0.AddDays(7)));
        Assert.False(await Store.ActivateAsync("unknown", T0.AddDays(7), T0.AddDays(6), T0, Ct));
    }

    [Fact]
    public async Task A_denial_is_recorded_with_its_reason_and_is_not_revived_by_verification()
    {
        await Store.SaveRequestAsync(Request("src-1", "token-1"), Ct);

        Assert.True(await Store.DenyAsync("token-1", "topic not served here", T0.AddSeconds(1), Ct));

        Assert.False(await Store.ActivateAsync("token-1", T0.AddDays(7), T0.AddDays(6), T0.AddSeconds(2), Ct));
        var denied = await Store.GetBySourceAsync("src-1", Ct);
        Assert.Equal(WebSubState.Denied, denied!.State);
        Assert.Equal("topic not served here", denied.DeniedReason);
        Assert.Null(denied.LeaseExpiresAt);
        Assert.False(await Store.DenyAsync("unknown", null, T0, Ct));
    }

    [Fact]
    public async Task Renewals_are_claimed_once_when_due_and_only_for_active_subscriptions()
    {
        await Store.SaveRequestAsync(Request("due", "t-due"), Ct);
        await Store.ActivateAsync("t-due", T0.AddHours(2), T0.AddHours(1), T0, Ct);
        await Store.SaveRequestAsync(Request("later", "t-later"), Ct);
        await Store.ActivateAsync("t-later", T0.AddHours(5), T0.AddHours(4), T0, Ct);
        await Store.SaveRequestAsync(Request("pending", "t-pending"), Ct);

        var now = T0.AddHours(1);
        var claimed = await Store.ClaimRenewalsAsync(now, now.AddMinutes(10), 10, Ct);
        var again = await Store.ClaimRenewalsAsync(now.AddMinutes(5), now.AddMinutes(15), 10, Ct);
        var retried = await Store.ClaimRenewalsAsync(now.AddMinutes(10), now.AddMinutes(20), 10, Ct);

        var one = Assert.Single(claimed);
        Assert.Equal("due", one.SourceId);
        Assert.Equal(now.AddMinutes(10), one.RenewAt);
        Assert.Empty(again);
        Assert.Equal("due", Assert.Single(retried).SourceId);
    }

    [Fact]
    public async Task Renewal_claims_respect_the_limit()
    {
        for (var i = 0; i < 3; i++)
        {
            await Store.SaveRequestAsync(Request($"src-{i}", $"token-{i}"), Ct);
            await Store.ActivateAsync($"token-{i}", T0.AddHours(2), T0.AddHours(1), T0, Ct);
        }

        var first = await Store.ClaimRenewalsAsync(T0.AddHours(1), T0.AddHours(2), 2, Ct);
        var rest = await Store.ClaimRenewalsAsync(T0.AddHours(1), T0.AddHours(2), 2, Ct);

        Assert.Equal(2, first.Count);
        Assert.Single(rest);
        Assert.Equal(3, first.Concat(rest).Select(s => s.SourceId).Distinct().Count());
    }

    [Fact]
    public async Task A_recorded_problem_is_readable_and_leaves_state_lease_and_retry_pacing_alone()
    {
        await Store.SaveRequestAsync(Request("src-1", "token-1"), Ct);
        await Store.ActivateAsync("token-1", T0.AddDays(7), T0.AddDays(6), T0.AddSeconds(1), Ct);
        var before = await Store.GetBySourceAsync("src-1", Ct);

        Assert.True(await Store.RecordProblemAsync("src-1", "push rejected: signature does not match", T0.AddMinutes(5), Ct));
        Assert.False(await Store.RecordProblemAsync("unknown", "anything", T0, Ct));

        var after = await Store.GetBySourceAsync("src-1", Ct);
        Assert.Equal("push rejected: signature does not match", after!.LastError);
        Assert.Equal(T0.AddMinutes(5), after.LastErrorAt);
        Assert.Equal(before, after with { LastError = null, LastErrorAt = null });
        Assert.Equal(after, await Store.GetByTokenAsync("token-1", Ct));
    }

    [Fact]
    public async Task A_later_verification_or_clear_removes_the_problem_and_a_new_request_starts_without_one()
    {
        await Store.SaveRequestAsync(Request("verified", "t-verified"), Ct);
        await Store.RecordProblemAsync("verified", "hub answered HTTP 503", T0, Ct);
        await Store.SaveRequestAsync(Request("cleared", "t-cleared"), Ct);
        await Store.RecordProblemAsync("cleared", "push not readable: bad XML; kept 2 recovered items", T0, Ct);
        await Store.SaveRequestAsync(Request("retried", "t-old"), Ct);
        await Store.RecordProblemAsync("retried", "hub answered HTTP 400", T0, Ct);

        await Store.ActivateAsync("t-verified", T0.AddDays(7), T0.AddDays(6), T0.AddMinutes(1), Ct);
        Assert.True(await Store.ClearProblemAsync("cleared", Ct));
        Assert.False(await Store.ClearProblemAsync("unknown", Ct));
        await Store.SaveRequestAsync(Request("retried", "t-new", at: T0.AddHours(1)), Ct);

        foreach (var sourceId in new[] { "verified", "cleared", "retried" })
        {
            var subscription = await Store.GetBySourceAsync(sourceId, Ct);
            Assert.Null(subscription!.LastError);
            Assert.Null(subscription.LastErrorAt);
        }

        Assert.Equal(WebSubState.Active, (await Store.GetBySourceAsync("verified", Ct))!.State);
    }

    [Fact]
    public async Task Every_subscription_is_listed_with_its_problem()
    {
        Assert.Empty(await Store.ListAsync(Ct));
        await Store.SaveRequestAsync(Request("src-b", "token-b"), Ct);
        await Store.SaveRequestAsync(Request("src-a", "token-a"), Ct);
        await Store.RecordProblemAsync("src-b", "hub request failed: connection refused", T0, Ct);

        var all = await Store.ListAsync(Ct);

        Assert.Equal(["src-a", "src-b"], all.Select(s => s.SourceId));
        Assert.Null(all[0].LastError);
        Assert.Equal("hub request failed: connection refused", all[1].LastError);
    }

    [Fact]
    public async Task Bad_input_is_rejected_with_a_clear_error()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveRequestAsync(Request("src-1", " "), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveRequestAsync(Request("src-1", "token") with { State = WebSubState.Active }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimRenewalsAsync(T0, T0, 1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClaimRenewalsAsync(T0, T0.AddMinutes(1), 0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.RecordProblemAsync("src-1", " ", T0, Ct));
    }

    private static WebSubSubscription Request(string sourceId, string token, string hub = "https://hub.example.org/", DateTimeOffset? at = null) => new(
        sourceId,
        hub,
        $"https://example.org/{sourceId}/feed.xml",
        "secret-" + sourceId,
        token,
        WebSubState.Pending,
        null,
        null,
        null,
        at ?? T0,
        at ?? T0);
}
