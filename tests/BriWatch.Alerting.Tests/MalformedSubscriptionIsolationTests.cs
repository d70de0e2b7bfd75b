using BriWatch.Alerting.Tests.Infrastructure;
using BriWatch.Storage.Digests;
using BriWatch.Storage.Subscriptions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BriWatch.Alerting.Tests;

/// <summary>
/// Records the stores now refuse (a null country, a mode stored as a number) but older data or a hand edit may still
/// hold: each costs only its own subscription, never matching or digests for everyone else.
/// </summary>
public sealed class MalformedSubscriptionIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("countries", "[null]")]
    [InlineData("topics", "[\"energy_new\",null]")]
    public async Task A_stored_null_topic_or_country_leaves_that_subscription_out_and_everyone_else_is_still_alerted(string column, string json)
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(TestData.Subscription("good", "https://hooks.example.org/good", TestData.NewSecret()), Ct);
        await host.Subscriptions.CreateAsync(TestData.Subscription("bad", "https://hooks.example.org/bad", TestData.NewSecret()), Ct);
        await SetColumnAsync(host, "bad", column, json);

        await host.PublishAndConsumeAsync(TestData.Article());

        Assert.Single(await host.Deliveries.ListAsync("good", null, 10, Ct));
        Assert.Empty(await host.Deliveries.ListAsync("bad", null, 10, Ct));
    }

    [Fact]
    public async Task A_stored_numeric_mode_gets_no_digest_trigger_and_the_other_digest_subscriptions_still_do()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(Digest("good"), Ct);
        await host.Subscriptions.CreateAsync(Digest("bad"), Ct);
        await SetColumnAsync(host, "bad", "mode", "42");

        await host.SyncDigestTriggersAsync();

        Assert.NotNull(await host.DigestTriggerAsync("good"));
        Assert.Null(await host.DigestTriggerAsync("bad"));
    }

    [Fact]
    public async Task A_stored_numeric_mode_holds_nothing_and_the_article_is_still_held_for_the_other_digest_subscriptions()
    {
        await using var host = await AlertingTestHost.StartAsync();
        await host.Subscriptions.CreateAsync(Digest("good"), Ct);
        await host.Subscriptions.CreateAsync(Digest("bad"), Ct);
        await SetColumnAsync(host, "bad", "mode", "42");

        await host.PublishAndConsumeAsync(TestData.Article());

        var held = await host.Services.GetRequiredService<IDigestItemStore>().ListForStoryAsync("story-1", Ct);
        Assert.Equal(["good"], held.Select(i => i.SubscriptionId));
        Assert.Empty(await host.Deliveries.ListAsync("bad", null, 10, Ct));
    }

    private static Subscription Digest(string id) =>
        TestData.Subscription(id, $"https://hooks.example.org/{id}", TestData.NewSecret()) with { Mode = SubscriptionMode.DigestDaily };

    /// <summary>Writes the store's table directly, as an old or hand-edited record would be.</summary>
    private static async Task SetColumnAsync(AlertingTestHost host, string id, string column, string value)
    {
        await using var connection = new SqliteConnection($"Data Source={host.Settings["Storage:Sqlite:Path"]};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE subscriptions SET {column} = @value WHERE id = @id;";
        command.Parameters.AddWithValue("@value", value);
        command.Parameters.AddWithValue("@id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }
}
