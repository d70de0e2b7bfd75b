using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BriWatch.Storage.Deliveries;

namespace BriWatch.Api.Tests;

public sealed class DeliveryReplayConflictTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task Replaying_a_pending_delivery_is_a_409_problem_and_leaves_its_retry_schedule_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = host.Services.GetRequiredService<IDeliveryStore>();
        var now = DateTimeOffset.UtcNow;
        Assert.True(await store.TryCreateAsync(
            new Delivery
            {
                Id = "dlv_pending_replay", SubscriptionId = "sub_1", StoryId = "story-p", ArticleId = "story-p", Channel = "webhook",
                Target = "https://hooks.example.org/x", Payload = "{}", CreatedAt = now, NextAttemptAt = now,
            },
            ct));
        await store.RecordAttemptAsync(new DeliveryAttempt("dlv_pending_replay", DeliveryState.Pending, 2, now, now.AddMinutes(30), "HTTP 503"), ct);

        var response = await host.Client.PostAsync("/api/deliveries/dlv_pending_replay/replay", null, ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!;
        Assert.Contains("only delivered, failed or dead deliveries can be replayed", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var unchanged = (await store.GetAsync("dlv_pending_replay", ct))!;
        Assert.Equal((DeliveryState.Pending, 2, "HTTP 503"), (unchanged.State, unchanged.Attempts, unchanged.LastError));
    }
}
